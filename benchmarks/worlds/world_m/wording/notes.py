"""商家备注, 买家留言 and people: what the shop and its buyers write on orders."""

import random

LEGIT_NOTES = (
    "已联系，改发极兔",
    "送枕套一对",
    "赠品已备注",
    "客户要求不放驿站",
    "加急发",
    "缺货改色已沟通，V信确认",
    "老客户VIP，送小礼品",
    "顺丰到付已沟通",
    "发货前电话联系",
    "客户要求周末送",
    "地址已改，以备注为准",
    "补发，上单漏发枕套",
    "G区仓库发货",
    "质检后再发",
    "换成灰色，已沟通",
)

BUYER_MESSAGES = (
    "麻烦发中通，谢谢",
    "请尽快发货",
    "不要放驿站，直接送家里",
    "送人的，不要放价格单",
    "上次买的很好，回购",
    "被子麻烦检查下别有味道",
    "颜色要浅灰的",
    "周末才有人在家",
    "😊谢谢老板",
    "快点发货啊急用🙏",
    "<急>明天要用",
    "包装包好一点，别弄脏了",
    "可以发顺丰吗",
    "学生宿舍，送到学校菜鸟驿站",
    "能便宜点吗",
    "帮忙多套一层袋子",
)


def ring_g_note(rng: random.Random, paid_at_mmdd: str) -> str:
    return f"G-{paid_at_mmdd}-{rng.randint(1, 40):02d}"


def ring_v_note(rng: random.Random) -> str:
    n = rng.randint(1, 60)
    form = rng.random()
    if form < 0.45:
        return f"V-{n:02d}"
    if form < 0.8:
        return f"补单#{n}"
    return f"测评单 返{rng.choice((20, 25, 30, 35))}"


def zero_fake_note(rng: random.Random) -> str:
    return rng.choice(("内部号", "自己人 0元", "内部测试单", ""))


_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文斌浩宇欣怡子涵雨轩俊梓晨佳琪"
)


def person_name(rng: random.Random) -> str:
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(_SURNAMES) + given


def phone(rng: random.Random) -> str:
    head = rng.choice(
        (
            "130",
            "131",
            "132",
            "135",
            "136",
            "137",
            "138",
            "139",
            "150",
            "151",
            "152",
            "155",
            "157",
            "158",
            "159",
            "166",
            "173",
            "177",
            "180",
            "181",
            "183",
            "185",
            "186",
            "187",
            "188",
            "189",
            "191",
            "199",
        )
    )
    return head + "".join(rng.choice("0123456789") for _ in range(8))


def masked_phone(number: str) -> str:
    return number[:3] + "****" + number[-4:]


def staff_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(("师傅", "**", "*" + rng.choice(_GIVEN)))
