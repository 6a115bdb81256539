"""The shop's eight winter products and their SKUs (colour × size).

Titles carry what real listings carry (【】, quotes, `<`, emoji) because the contract says
titles are free text. Ids are drawn once per seed: 商品id has 12 digits and 样式ID 11, both
pure digits, as Excel-prone as the platform's own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SIZES = ("S", "M", "L", "XL", "2XL")
SIZE_WEIGHTS = (0.12, 0.30, 0.30, 0.18, 0.10)


@dataclass(frozen=True)
class Product:
    key: str
    goods_id: str
    title: str
    code: str
    category: tuple[str, str, str, str]
    price_cents: int
    colours: tuple[tuple[str, float], ...]
    share: float
    #: relative demand per month (12, 1, 2, 3): down coats fade after 春节, trousers hold
    by_month: tuple[float, float, float, float]


@dataclass(frozen=True)
class Sku:
    product: Product
    colour: str
    colour_no: int
    size: str
    sku_id: str

    @property
    def spec(self) -> str:
        return f"{self.colour},{self.size}"

    @property
    def merchant_code(self) -> str:
        return f"{self.product.code}-{self.colour_no:02d}-{self.size}"


_PRODUCTS = (
    ("P1", "【90白鸭绒】短款羽绒服女2025冬季新款韩版宽松加厚面包服外套", "MH-YR01",
     ("女装", "外套", "羽绒服", "短款羽绒服"), 18900,
     (("黑色", 0.35), ("奶白色", 0.30), ("雾霾蓝", 0.20), ("焦糖色", 0.15)), 0.16,
     (1.3, 1.1, 0.6, 0.3)),
    ("P2", '过膝长款羽绒服女冬季加厚白鸭绒"显瘦"大毛领外套', "MH-YR02",
     ("女装", "外套", "羽绒服", "长款羽绒服"), 25900,
     (("黑色", 0.45), ("米白色", 0.30), ("咖啡色", 0.25)), 0.15, (1.3, 1.1, 0.6, 0.3)),
    ("P3", "双面羊毛呢大衣女中长款高级感<赫本风>毛呢外套", "MH-MN01",
     ("女装", "外套", "毛呢大衣", "中长款大衣"), 32900,
     (("驼色", 0.45), ("黑色", 0.30), ("燕麦白", 0.25)), 0.08, (1.2, 1.0, 0.7, 0.5)),
    ("P4", "小个子毛呢外套女短款2025新款加厚呢子大衣✨", "MH-MN02",
     ("女装", "外套", "毛呢大衣", "短款大衣"), 15900,
     (("灰色", 0.40), ("藏青", 0.30), ("焦糖色", 0.30)), 0.09, (1.2, 1.0, 0.7, 0.5)),
    ("P5", "慵懒风圆领毛衣女加厚宽松外穿针织衫", "MH-MY01",
     ("女装", "针织衫", "毛衣", "套头毛衣"), 6990,
     (("燕麦色", 0.35), ("奶白色", 0.25), ("灰色", 0.20), ("酒红色", 0.20)), 0.14,
     (1.0, 1.0, 0.9, 0.8)),
    ("P6", "半高领打底针织衫女秋冬内搭修身毛衣", "MH-MY02",
     ("女装", "针织衫", "毛衣", "打底衫"), 3990,
     (("黑色", 0.35), ("白色", 0.25), ("杏色", 0.20), ("咖啡色", 0.20)), 0.13,
     (1.0, 1.0, 0.9, 0.9)),
    ("P7", "加绒加厚直筒裤女高腰显瘦冬季保暖休闲裤", "MH-KZ01",
     ("女装", "裤子", "休闲裤", "加绒裤"), 5990,
     (("黑色", 0.50), ("灰色", 0.30), ("咖啡色", 0.20)), 0.12, (1.0, 1.1, 1.0, 0.7)),
    ("P8", "加绒鲨鱼裤女外穿冬季打底裤一体绒🔥", "MH-KZ02",
     ("女装", "裤子", "打底裤", "鲨鱼裤"), 3590,
     (("黑色", 0.60), ("灰色", 0.20), ("咖啡色", 0.20)), 0.13, (1.0, 1.1, 1.0, 0.8)),
)

#: the products that trial-ring orders take at ¥0.01–¥1.99
TRIAL_PRODUCTS = ("P6", "P8")
#: the products pushed up the rankings by boosting
BOOSTED_PRODUCTS = ("P1", "P2", "P3")


@dataclass(frozen=True)
class Catalog:
    products: dict[str, Product]
    skus: dict[str, tuple[Sku, ...]]

    def pick_product(self, rng: random.Random, month: int) -> Product:
        column = {12: 0, 1: 1, 2: 2, 3: 3}[month]
        keys = sorted(self.products)
        weights = [self.products[k].share * self.products[k].by_month[column] for k in keys]
        return self.products[rng.choices(keys, weights)[0]]

    def pick_sku(self, rng: random.Random, product: Product) -> Sku:
        colour = rng.choices([c for c, _ in product.colours], [w for _, w in product.colours])[0]
        size = rng.choices(SIZES, SIZE_WEIGHTS)[0]
        return self.sku(product.key, colour, size)

    def sku(self, product_key: str, colour: str, size: str) -> Sku:
        for sku in self.skus[product_key]:
            if sku.colour == colour and sku.size == size:
                return sku
        raise KeyError((product_key, colour, size))


def build_catalog(rng: random.Random) -> Catalog:
    """Draw the ids of every product and SKU for this seed."""
    products, skus = {}, {}
    for key, title, code, category, price, colours, share, by_month in _PRODUCTS:
        product = Product(key, str(rng.randrange(6_000_000_000_00, 7_999_999_999_99)), title,
                          code, category, price, colours, share, by_month)
        products[key] = product
        skus[key] = tuple(
            Sku(product, colour, number, size, str(rng.randrange(10_000_000_000, 99_999_999_999)))
            for number, (colour, _) in enumerate(colours, start=1) for size in SIZES
        )
    return Catalog(products, skus)
