"""The ballot box: encrypted ballots, their proofs, the homomorphic tally, the scrutineers'
threshold key and the independent verifier. A library beside the platform; imports no service."""
