"""Collection (征集): the public's project proposals, merged, screened and answered."""
