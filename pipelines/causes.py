"""The four refusal causes the source article documents: the single source of truth.

SQL (through the ``seeds.causes`` table built from :data:`CAUSES`), expectations, charts and tests
all read the codes, labels, colours and playbook text from here; a fifth cause is added here only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cause:
    code: str
    label_zh: str
    label_en: str
    colour: str
    #: The article's strategy (二、应对策略) for this cause, as the report's to-do list words it.
    playbook_zh: str
    playbook_en: str


CAUSES: tuple[Cause, ...] = (
    Cause(
        code="product_quality",
        label_zh="产品质量问题",
        label_en="Product quality",
        colour="#d62728",
        playbook_zh="提升产品质量：从源头把控质量，加强供应链管理，确保产品符合国家标准",
        playbook_en="Control quality at the source, manage suppliers, meet national standards",
    ),
    Cause(
        code="logistics",
        label_zh="物流问题",
        label_en="Logistics",
        colour="#1f77b4",
        playbook_zh="优化物流服务：选择信誉良好的快递公司，提前与快递沟通并制定应急预案",
        playbook_en="Choose reputable couriers and agree contingency plans with them in advance",
    ),
    Cause(
        code="reviews",
        label_zh="评价问题",
        label_en="Reviews",
        colour="#ff7f0e",
        playbook_zh="提高评价：关注评价，及时回应差评，积极处理售后问题",
        playbook_en="Watch reviews, answer negative ones promptly, fix after-sales problems",
    ),
    Cause(
        code="rule_violation",
        label_zh="违规操作",
        label_en="Rule violation",
        colour="#7f7f7f",
        playbook_zh="遵守平台规则：杜绝刷单、虚假交易和虚假发货，及时了解规则变化",
        playbook_en="No sales boosting, fake orders or fake shipping; keep up with the rules",
    ),
)

CAUSE_CODES: tuple[str, ...] = tuple(cause.code for cause in CAUSES)
CAUSES_BY_CODE: dict[str, Cause] = {cause.code: cause for cause in CAUSES}

#: Playbook steps that apply to every cause (article strategies 5 and 6).
COMMON_PLAYBOOK_ZH = (
    "增强与消费者的沟通：拒收后主动联系买家，寻求解决方案",
    "优化运营策略：按原因分析拒收，逐项调整运营",
)
