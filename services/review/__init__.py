"""Review (审查论证、立项): shortlisted proposals assessed, ranked and approved as candidates."""
