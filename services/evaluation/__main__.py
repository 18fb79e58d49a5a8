from services.evaluation.service import SPEC
from services.platform.process import main

main(SPEC)
