"""The demo district's towns and their year (the seed's 2023 in Donggang: 6 towns voted, 57
projects adopted, 55 completed): each town its own proposals, deputies, seats and delays, so
the stages drive six different years, not six copies of one. A town not listed here (a test's
town) gets DEFAULT. The stages read their town's plan with `plan_of`."""
from dataclasses import dataclass, field

# (title, category, estimated cost in yuan): {v} is a village of the town.
ROADS = [("{v}村主干道硬化", "交通", 850_000), ("{v}小学周边交通安全设施", "交通", 120_000),
         ("{v}村公交候车亭", "交通", 90_000), ("{v}村生产路拓宽", "交通", 600_000)]
WATER = [("{v}村自来水管网改造", "供水", 1_200_000), ("{v}河道清淤整治", "水利", 900_000),
         ("{v}村灌溉机井维修", "水利", 320_000), ("{v}村饮水安全提升", "供水", 450_000)]
CARE = [("{v}社区老年食堂", "养老", 400_000), ("{v}社区便民服务中心适老化改造", "养老", 220_000),
        ("{v}村卫生室标准化改造", "医疗", 350_000), ("{v}村幸福院改造", "养老", 380_000)]
LIFE = [("{v}村安装太阳能路灯", "照明", 260_000), ("{v}村文化广场提升", "文体", 300_000),
        ("{v}农贸市场雨棚改造", "民生", 500_000), ("{v}幼儿园户外活动场地", "教育", 280_000),
        ("{v}村健身器材更新", "文体", 150_000), ("{v}渔港码头照明", "照明", 180_000)]
GREEN = [("{v}村生活污水治理", "环境", 1_500_000), ("{v}村垃圾分类收集点", "环境", 150_000),
         ("{v}村坑塘整治", "环境", 420_000), ("{v}茶园观光道改造", "交通", 700_000)]
# Proposals not shortlisted, answered with the reason (政策宣讲和解释).
TOO_COSTLY = "超出镇级财政当年承受能力，建议纳入上级专项争取资金。"
PLANNED_ABOVE = "该事项已列入县级年度计划，由县住建部门实施，不再重复立项。"


@dataclass(frozen=True)
class TownPlan:
    # The town's proposals, in the order they are sent in.
    proposals: list[tuple[str, str, int]]
    # Index of a proposal -> why it is not shortlisted.
    not_shortlisted: dict[int, str]
    # 应选数; the candidate list has two more (差额).
    seats: int
    # On the roster of the term (one left office before the session), and absent on the day.
    deputies: int
    absent: int
    # Adopted projects left unfinished at year end, by rank from the last; each carried over.
    delayed: tuple[int, ...] = field(default=())

    @property
    def candidates(self) -> int:
        return self.seats + 2


DEFAULT = TownPlan(ROADS[:2] + WATER[:2] + CARE[:2] + LIFE[:4] + GREEN[:2] + ROADS[2:3] + GREEN[2:3],
                   {12: TOO_COSTLY, 13: PLANNED_ABOVE}, seats=10, deputies=71, absent=8, delayed=(1,))

PLANS = {
    "xihu": TownPlan(ROADS + CARE + LIFE[:4] + GREEN[:2], {6: TOO_COSTLY, 13: PLANNED_ABOVE},
                     seats=10, deputies=71, absent=8, delayed=(1,)),
    "chentuan": TownPlan(WATER + ROADS[:3] + LIFE[:3] + GREEN[1:3] + CARE[3:], {2: PLANNED_ABOVE},
                         seats=10, deputies=82, absent=6, delayed=(1,)),
    "nanhu": TownPlan(CARE[:3] + GREEN + LIFE[:3] + ROADS[:2], {5: TOO_COSTLY},
                      seats=9, deputies=64, absent=5),
    "taoluo": TownPlan(LIFE + WATER[1:] + ROADS[1:4] + CARE[:1] + GREEN[:1], {3: TOO_COSTLY, 9: PLANNED_ABOVE},
                       seats=10, deputies=76, absent=9),
    "sanzhuang": TownPlan(GREEN[3:] + ROADS[:2] + WATER[:3] + CARE[1:] + LIFE[4:] + GREEN[:1], {4: TOO_COSTLY},
                          seats=9, deputies=58, absent=4),
    "houcun": TownPlan(ROADS[1:] + LIFE[2:5] + CARE[::2] + WATER[2:] + GREEN[:2], {10: PLANNED_ABOVE},
                       seats=9, deputies=67, absent=7),
}


def plan_of(town_id: str) -> TownPlan:
    return PLANS.get(town_id, DEFAULT)
