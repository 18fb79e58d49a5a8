from services.supervision.service import SPEC
from services.platform.process import main

main(SPEC)
