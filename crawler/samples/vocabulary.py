"""The words the sample stores sell with: brands, product types, sizes, colours, descriptions.

Data only. Every phrase exists in the six store languages (en, de, fr, ja, ko, zh in
Simplified Chinese) so one product reads naturally in each store that carries it, and the
words in titles are the ones a shopper would type ("Feuchtigkeitscreme", "保湿", "분유").
Brands are fictional. A measure is a `(unit, value)` pair such as `("g", 800)`,
`("stage", 1)` or `("colour", "black")`.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "de", "fr", "ja", "ko", "zh")

Measure = tuple[str, int | str]
Phrase = dict[str, str]


def _t(en: str, de: str, fr: str, ja: str, ko: str, zh: str) -> Phrase:
    """One phrase in every store language, in the order of LANGUAGES."""
    return dict(zip(LANGUAGES, (en, de, fr, ja, ko, zh), strict=True))


@dataclass(frozen=True, slots=True)
class Brand:
    name: str
    gs1_prefix: str  # 3-digit GS1 member-organisation prefix of the brand's home country


@dataclass(frozen=True, slots=True)
class ProductType:
    """A kind of product; `axis` lists what its variants differ by (stage, size, colour)."""

    key: str
    titles: Phrase
    axis: tuple[Measure, ...]
    grams: tuple[int, int]  # shipping weight range of the first axis value
    usd: tuple[int, int]  # base price range in USD of the first axis value
    fixed: tuple[tuple[Measure, ...], ...] = ((),)  # alternatives for the shared title part
    axis_first: bool = False  # "Stage 1 800g" rather than "1000mg 120 Tablets"


@dataclass(frozen=True, slots=True)
class Category:
    names: Phrase
    brands: tuple[Brand, ...]
    lines: tuple[str, ...]  # product-line words, the same in every language
    types: tuple[ProductType, ...]
    grams: tuple[int, int]  # realistic shipping weights for the whole category
    features: dict[str, tuple[str, ...]]


def _features(*phrases: Phrase) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(p[lang] for p in phrases) for lang in LANGUAGES}


# Units whose value is a quantity: price and weight grow with it across variants.
QUANTITY_UNITS = frozenset({"g", "ml", "tablets", "capsules", "gummies", "pieces", "mAh"})

# The tables below are laid out by hand, one phrase per row; the formatter would give each
# word its own line.
# fmt: off
UNITS: dict[str, Phrase] = {
    "g": _t("{}g", "{} g", "{} g", "{}g", "{}g", "{}克"),
    "ml": _t("{}ml", "{} ml", "{} ml", "{}ml", "{}ml", "{}毫升"),
    "mg": _t("{}mg", "{} mg", "{} mg", "{}mg", "{}mg", "{}毫克"),
    "tablets": _t("{} Tablets", "{} Tabletten", "{} comprimés", "{}粒", "{}정", "{}片"),
    "capsules": _t("{} Capsules", "{} Kapseln", "{} gélules", "{}粒", "{}캡슐", "{}粒"),
    "gummies": _t("{} Gummies", "{} Fruchtgummis", "{} gommes", "{}粒", "{}개입", "{}粒"),
    "pieces": _t("{} Count", "{} Stück", "{} pièces", "{}枚", "{}매", "{}片"),
    "mAh": _t("{}mAh", "{} mAh", "{} mAh", "{}mAh", "{}mAh", "{}毫安"),
    "size": _t("Size {}", "Größe {}", "Taille {}", "{}サイズ", "{} 사이즈", "{}码"),
}

# Formula stages 1-3 as each market labels them (German shops start with "Pre").
STAGES: dict[str, tuple[str, str, str]] = {
    "en": ("Stage 1", "Stage 2", "Stage 3"),
    "de": ("Pre", "Stufe 2", "Stufe 3"),
    "fr": ("1er âge", "2e âge", "3e âge"),
    "ja": ("ステップ1", "ステップ2", "ステップ3"),
    "ko": ("1단계", "2단계", "3단계"),
    "zh": ("1段", "2段", "3段"),
}

COLOURS: dict[str, Phrase] = {
    "black": _t("Black", "Schwarz", "Noir", "ブラック", "블랙", "黑色"),
    "white": _t("White", "Weiß", "Blanc", "ホワイト", "화이트", "白色"),
    "navy": _t("Navy", "Marineblau", "Bleu marine", "ネイビー", "네이비", "藏青色"),
    "grey": _t("Grey", "Grau", "Gris", "グレー", "그레이", "灰色"),
    "beige": _t("Beige", "Beige", "Beige", "ベージュ", "베이지", "米色"),
    "camel": _t("Camel", "Camel", "Camel", "キャメル", "카멜", "驼色"),
    "silver": _t("Silver", "Silber", "Argent", "シルバー", "실버", "银色"),
    "red": _t("Red", "Rot", "Rouge", "レッド", "레드", "红色"),
    "rose": _t("Rose", "Rosé", "Rose", "ローズ", "로즈", "玫瑰色"),
    "coral": _t("Coral", "Koralle", "Corail", "コーラル", "코랄", "珊瑚色"),
}

# Shopify option names by the unit the variants differ by.
OPTION_NAMES: dict[str, Phrase] = {
    "stage": _t("Stage", "Stufe", "Âge", "ステップ", "단계", "段数"),
    "size": _t("Size", "Größe", "Taille", "サイズ", "사이즈", "尺码"),
    "colour": _t("Colour", "Farbe", "Couleur", "カラー", "색상", "颜色"),
    "g": _t("Size", "Inhalt", "Contenance", "内容量", "용량", "规格"),
    "ml": _t("Size", "Inhalt", "Contenance", "容量", "용량", "规格"),
    "tablets": _t("Pack Size", "Packungsgröße", "Conditionnement", "内容量", "구성", "规格"),
    "capsules": _t("Pack Size", "Packungsgröße", "Conditionnement", "内容量", "구성", "规格"),
    "gummies": _t("Pack Size", "Packungsgröße", "Conditionnement", "内容量", "구성", "规格"),
    "pieces": _t("Pack Size", "Packungsgröße", "Conditionnement", "内容量", "구성", "规格"),
    "mAh": _t("Capacity", "Kapazität", "Capacité", "容量", "용량", "容量"),
}

# First paragraph of every description; {brand} and {type} are filled in.
INTRO = _t(
    "Genuine {brand} {type}, shipped from our own warehouse.",
    "Original {brand} {type}, Versand aus unserem eigenen Lager.",
    "{type} {brand} authentique, expédié depuis notre entrepôt.",
    "{brand}の{type}です。正規品を自社倉庫から発送します。",
    "{brand} {type} 정품을 자사 창고에서 직접 발송합니다.",
    "{brand}{type}正品，自营仓库直接发货。",
)

_STAGES = (("stage", 1), ("stage", 2), ("stage", 3))
_FORMULA_CANS = ((("g", 800),), (("g", 900),))

BABY = Category(
    names=_t("Infant Formula & Baby", "Babynahrung & Babypflege", "Lait infantile & bébé",
             "粉ミルク・ベビー用品", "분유·유아용품", "婴儿奶粉与母婴用品"),
    brands=(Brand("Milkwell", "501"), Brand("Koala Gold", "930"), Brand("Alpenkind", "400"),
            Brand("Petit Lait", "301"), Brand("Hoshino Baby", "490"), Brand("Little Oak", "008")),
    lines=("", "Comfort", "Premium", "Pure", "Advance", "Nature"),
    types=(
        ProductType("infant-formula", _t("Infant Formula", "Säuglingsmilchnahrung",
                    "Lait infantile", "粉ミルク", "유아분유", "婴儿配方奶粉"),
                    _STAGES, (900, 1100), (18, 45), _FORMULA_CANS, axis_first=True),
        ProductType("organic-formula", _t("Organic Infant Formula", "Bio-Säuglingsmilchnahrung",
                    "Lait infantile bio", "オーガニック粉ミルク", "유기농 분유",
                    "有机婴儿配方奶粉"),
                    _STAGES, (900, 1100), (25, 55), _FORMULA_CANS, axis_first=True),
        ProductType("goat-formula", _t("Goat Milk Infant Formula", "Ziegenmilch-Säuglingsnahrung",
                    "Lait infantile au lait de chèvre", "ヤギミルク粉ミルク", "산양분유", "羊奶粉"),
                    _STAGES, (900, 1100), (30, 60), _FORMULA_CANS, axis_first=True),
        ProductType("toddler-milk", _t("Toddler Milk Formula", "Kindermilch", "Lait de croissance",
                    "フォローアップミルク", "성장기 분유", "幼儿成长配方奶粉"),
                    (("g", 800), ("g", 900)), (900, 1100), (15, 35)),
        ProductType("baby-cereal", _t("Baby Rice Cereal", "Babybrei Reis", "Céréales bébé au riz",
                    "ベビー用ライスシリアル", "유아 쌀 시리얼", "婴儿米粉"),
                    (("g", 200), ("g", 400)), (230, 280), (4, 9)),
        ProductType("baby-wipes", _t("Sensitive Baby Wipes", "Baby-Feuchttücher sensitiv",
                    "Lingettes bébé peaux sensibles", "おしりふき", "아기 물티슈", "婴儿湿巾"),
                    (("pieces", 56), ("pieces", 72)), (350, 480), (3, 8)),
        ProductType("baby-bottle", _t("Anti-Colic Baby Bottle", "Anti-Kolik-Babyflasche",
                    "Biberon anti-colique", "哺乳びん", "배앓이 방지 젖병", "防胀气奶瓶"),
                    (("ml", 160), ("ml", 260)), (120, 170), (8, 20)),
    ),
    grams=(100, 1100),
    features=_features(
        _t("Gentle on little tummies.", "Sanft zum kleinen Bauch.", "Doux pour les petits ventres.",
           "赤ちゃんのおなかにやさしい設計。", "아기 배에 순한 설계.", "温和配方，呵护宝宝肠胃。"),
        _t("Made with carefully selected ingredients.",
           "Mit sorgfältig ausgewählten Zutaten hergestellt.",
           "Élaboré avec des ingrédients soigneusement sélectionnés.",
           "厳選した原料を使用しています。", "엄선된 원료로 만들었습니다.", "精选优质原料制成。"),
        _t("Use within 4 weeks of opening.", "Nach dem Öffnen innerhalb von 4 Wochen verbrauchen.",
           "À consommer dans les 4 semaines après ouverture.",
           "開封後は4週間以内にお使いください。",
           "개봉 후 4주 이내에 사용하세요.", "开封后请在4周内使用。"),
        _t("Follow the instructions on the pack.", "Bitte die Hinweise auf der Packung beachten.",
           "Suivre le mode d'emploi indiqué sur l'emballage.",
           "パッケージの使用方法をご確認ください。", "포장의 사용 방법을 확인하세요.",
           "请按包装上的说明使用。"),
    ),
)

SKINCARE = Category(
    names=_t("Skincare & Cosmetics", "Hautpflege & Kosmetik", "Soins & cosmétiques",
             "スキンケア・コスメ", "스킨케어·화장품", "护肤彩妆"),
    brands=(Brand("Sakura Bio", "451"), Brand("Lumière", "340"), Brand("Seoul Dew", "880"),
            Brand("Nordskin", "401"), Brand("Aqua Veil", "007"), Brand("Maison Rosé", "376")),
    lines=("", "Pure", "Daily", "Intense", "Sensitive", "Glow"),
    types=(
        ProductType("face-cream", _t("Hydrating Face Cream", "Feuchtigkeitscreme",
                    "Crème hydratante", "保湿クリーム", "수분 크림", "保湿面霜"),
                    (("ml", 30), ("ml", 50), ("ml", 100)), (80, 110), (15, 80)),
        ProductType("sunscreen", _t("Sunscreen SPF50+", "Sonnencreme LSF 50+",
                    "Crème solaire SPF 50+", "日焼け止め SPF50+", "선크림 SPF50+", "防晒霜 SPF50+"),
                    (("ml", 50), ("ml", 100)), (70, 100), (12, 40)),
        ProductType("cleansing-foam", _t("Gentle Cleansing Foam", "Sanfter Reinigungsschaum",
                    "Mousse nettoyante douce", "洗顔フォーム", "폼 클렌저", "洁面泡沫"),
                    (("ml", 100), ("ml", 150)), (130, 170), (9, 29)),
        ProductType("serum", _t("Hyaluronic Acid Serum", "Hyaluronsäure-Serum",
                    "Sérum à l'acide hyaluronique", "ヒアルロン酸美容液", "히알루론산 세럼",
                    "玻尿酸精华液"), (("ml", 30), ("ml", 50)), (70, 110), (19, 79)),
        ProductType("sheet-masks", _t("Hydrating Sheet Masks", "Feuchtigkeits-Tuchmasken",
                    "Masques en tissu hydratants", "保湿シートマスク", "수분 시트 마스크",
                    "补水面膜"), (("pieces", 5), ("pieces", 10)), (100, 140), (10, 30)),
        ProductType("lipstick", _t("Matte Lipstick", "Matter Lippenstift", "Rouge à lèvres mat",
                    "マットリップスティック", "매트 립스틱", "哑光口红"),
                    (("colour", "red"), ("colour", "rose"), ("colour", "coral")),
                    (50, 70), (15, 45)),
        ProductType("eye-cream", _t("Eye Cream", "Augencreme", "Crème contour des yeux",
                    "アイクリーム", "아이 크림", "眼霜"), (("ml", 15), ("ml", 30)),
                    (50, 80), (25, 90)),
        ProductType("toner", _t("Hydrating Toner", "Feuchtigkeitsspendendes Gesichtswasser",
                    "Lotion tonique hydratante", "保湿化粧水", "수분 토너", "补水爽肤水"),
                    (("ml", 150), ("ml", 200), ("ml", 300)), (180, 220), (12, 45)),
    ),
    grams=(50, 300),
    features=_features(
        _t("Suitable for sensitive skin.", "Für empfindliche Haut geeignet.",
           "Convient aux peaux sensibles.", "敏感肌の方にもお使いいただけます。",
           "민감한 피부에도 사용 가능합니다.", "适合敏感肌肤。"),
        _t("Dermatologically tested.", "Dermatologisch getestet.",
           "Testé sous contrôle dermatologique.", "皮膚科医によるテスト済み。",
           "피부과 테스트 완료.",
           "经皮肤科测试。"),
        _t("Lightweight texture that absorbs quickly.", "Leichte Textur, zieht schnell ein.",
           "Texture légère qui pénètre rapidement.", "軽いテクスチャーで素早くなじみます。",
           "가볍고 빠르게 흡수되는 텍스처.", "质地轻盈，快速吸收。"),
        _t("Free from parabens and synthetic fragrance.",
           "Ohne Parabene und synthetische Duftstoffe.", "Sans parabènes ni parfum de synthèse.",
           "パラベン・合成香料不使用。", "파라벤과 합성 향료 무첨가.", "不含防腐剂和合成香料。"),
    ),
)

VITAMINS = Category(
    names=_t("Vitamins & Health", "Vitamine & Gesundheit", "Vitamines & santé",
             "サプリメント・健康食品", "비타민·건강식품", "维生素与保健品"),
    brands=(Brand("VitaCore", "006"), Brand("Blackwood Health", "931"),
            Brand("Vogel Vital", "402"), Brand("Nature's Harbor", "005"),
            Brand("Pure Leaf Labs", "502"), Brand("Hanami Health", "491")),
    lines=("", "Essential", "Plus", "Forte", "Active", "Pro"),
    types=(
        ProductType("vitamin-c", _t("Vitamin C", "Vitamin C", "Vitamine C", "ビタミンC",
                    "비타민C", "维生素C"), (("tablets", 60), ("tablets", 120), ("tablets", 240)),
                    (100, 120), (9, 25), ((("mg", 500),), (("mg", 1000),))),
        ProductType("fish-oil", _t("Fish Oil Omega-3", "Fischöl Omega-3",
                    "Huile de poisson oméga-3", "フィッシュオイル オメガ3", "오메가3 피쉬오일",
                    "深海鱼油 欧米伽3"), (("capsules", 60), ("capsules", 120), ("capsules", 200)),
                    (110, 150), (12, 35), ((("mg", 1000),),)),
        ProductType("multivitamin", _t("Daily Multivitamin", "Multivitamin", "Multivitamines",
                    "マルチビタミン", "종합비타민", "复合维生素"),
                    (("tablets", 60), ("tablets", 90), ("tablets", 120)), (100, 140), (12, 35)),
        ProductType("probiotic", _t("Probiotic 50 Billion CFU", "Probiotikum 50 Mrd. KBE",
                    "Probiotiques 50 milliards UFC", "乳酸菌サプリ 500億個",
                    "프로바이오틱스 유산균", "益生菌 500亿活菌"),
                    (("capsules", 30), ("capsules", 60)), (100, 130), (19, 49)),
        ProductType("vitamin-d3", _t("Vitamin D3 1000 IU", "Vitamin D3 1000 I.E.",
                    "Vitamine D3 1000 UI", "ビタミンD3 1000IU", "비타민D3 1000IU",
                    "维生素D3 1000IU"), (("capsules", 90), ("capsules", 180), ("capsules", 360)),
                    (100, 115), (6, 18)),
        ProductType("collagen", _t("Collagen Powder", "Kollagenpulver", "Collagène en poudre",
                    "コラーゲンパウダー", "콜라겐 분말", "胶原蛋白粉"), (("g", 200), ("g", 300)),
                    (230, 270), (19, 45)),
        ProductType("kids-gummies", _t("Kids Multivitamin Gummies",
                    "Multivitamin-Fruchtgummis für Kinder", "Gummies multivitamines enfants",
                    "子ども用マルチビタミングミ", "어린이 종합비타민 젤리", "儿童复合维生素软糖"),
                    (("gummies", 60), ("gummies", 120)), (150, 210), (9, 25)),
    ),
    grams=(100, 400),
    features=_features(
        _t("Supports your daily wellbeing.", "Unterstützt Ihr tägliches Wohlbefinden.",
           "Contribue à votre bien-être au quotidien.", "毎日の健康をサポートします。",
           "매일의 건강 관리를 돕습니다.", "助力日常健康。"),
        _t("Easy to swallow.", "Leicht zu schlucken.", "Facile à avaler.",
           "飲みやすいサイズです。", "삼키기 쉬운 크기입니다.", "易于吞咽。"),
        _t("Free from gluten, lactose and artificial colours.",
           "Ohne Gluten, Laktose und künstliche Farbstoffe.",
           "Sans gluten, lactose ni colorants artificiels.", "グルテン・乳糖・合成着色料不使用。",
           "글루텐, 유당, 인공색소 무첨가.", "不含麸质、乳糖和人工色素。"),
        _t("Take as directed on the label.", "Bitte gemäß Verzehrempfehlung einnehmen.",
           "Respecter la dose journalière recommandée.",
           "1日の目安量を守ってお召し上がりください。",
           "제품에 표시된 섭취 방법을 지켜주세요.", "请按标签建议用量服用。"),
    ),
)

_DEVICE_COLOURS = (("colour", "black"), ("colour", "white"), ("colour", "silver"))

ELECTRONICS = Category(
    names=_t("Electronics", "Elektronik", "Électronique", "家電・デジタル", "디지털·가전",
             "数码电子"),
    brands=(Brand("Kaito", "492"), Brand("Voltwave", "004"), Brand("Nordlicht Audio", "403"),
            Brand("Hanul Tech", "880"), Brand("Pixelmate", "489"), Brand("Zephyr Sound", "503")),
    lines=("", "Pro", "Lite", "Max", "Air", "Neo"),
    types=(
        ProductType("earbuds", _t("Wireless Earbuds", "Kabellose Kopfhörer", "Écouteurs sans fil",
                    "ワイヤレスイヤホン", "무선 이어폰", "无线耳机"), _DEVICE_COLOURS,
                    (150, 300), (49, 199)),
        ProductType("headphones", _t("Noise Cancelling Headphones",
                    "Kopfhörer mit Geräuschunterdrückung", "Casque à réduction de bruit",
                    "ノイズキャンセリングヘッドホン", "노이즈 캔슬링 헤드폰", "降噪头戴式耳机"),
                    _DEVICE_COLOURS, (350, 650), (149, 399)),
        ProductType("power-bank", _t("Power Bank", "Powerbank", "Batterie externe",
                    "モバイルバッテリー", "보조배터리", "充电宝"),
                    (("mAh", 10000), ("mAh", 20000)), (250, 330), (25, 60)),
        ProductType("smartwatch", _t("Smart Watch", "Smartwatch", "Montre connectée",
                    "スマートウォッチ", "스마트워치", "智能手表"), _DEVICE_COLOURS,
                    (150, 300), (99, 349)),
        ProductType("hair-dryer", _t("Ionic Hair Dryer", "Ionen-Haartrockner",
                    "Sèche-cheveux ionique", "マイナスイオンドライヤー", "음이온 헤어드라이어",
                    "负离子吹风机"), _DEVICE_COLOURS, (700, 1300), (59, 399)),
        ProductType("speaker", _t("Portable Bluetooth Speaker", "Tragbarer Bluetooth-Lautsprecher",
                    "Enceinte Bluetooth portable", "ポータブルBluetoothスピーカー",
                    "휴대용 블루투스 스피커", "便携蓝牙音箱"), _DEVICE_COLOURS,
                    (500, 1200), (39, 199)),
        ProductType("toothbrush", _t("Sonic Electric Toothbrush", "Elektrische Schallzahnbürste",
                    "Brosse à dents électrique sonique", "音波電動歯ブラシ", "음파 전동칫솔",
                    "声波电动牙刷"), _DEVICE_COLOURS, (250, 500), (39, 149)),
    ),
    grams=(150, 2000),
    features=_features(
        _t("1-year international warranty.", "1 Jahr internationale Garantie.",
           "Garantie internationale d'un an.", "1年間の国際保証付き。", "1년 국제 보증.",
           "享受一年国际保修。"),
        _t("Ships in the original sealed box.", "Versand in der original versiegelten Verpackung.",
           "Expédié dans son emballage d'origine scellé.", "未開封の純正パッケージでお届けします。",
           "정품 밀봉 포장 그대로 발송합니다.", "原厂密封包装发货。"),
        _t("Compact design, easy to carry.", "Kompaktes Design, leicht mitzunehmen.",
           "Design compact, facile à emporter.", "コンパクトで持ち運びやすいデザイン。",
           "휴대하기 쉬운 컴팩트한 디자인.", "小巧设计，便于携带。"),
        _t("Includes a multilingual quick-start guide.", "Mit mehrsprachiger Kurzanleitung.",
           "Guide de démarrage rapide multilingue inclus.", "多言語のクイックスタートガイド付き。",
           "다국어 간편 설명서 포함.", "附多语言快速入门指南。"),
    ),
)

_CLOTHING_SIZES = (("size", "S"), ("size", "M"), ("size", "L"))
_FASHION_COLOURS = (("colour", "camel"), ("colour", "navy"), ("colour", "grey"))

FASHION = Category(
    names=_t("Fashion", "Mode", "Mode", "ファッション", "패션", "服饰"),
    brands=(Brand("Highland Loom", "504"), Brand("Atelier Marais", "302"),
            Brand("Tokyo Thread", "493"), Brand("Seongsu Studio", "880"),
            Brand("Harbour & Hale", "932"), Brand("Berliner Wolle", "404")),
    lines=("", "Classic", "Heritage", "Essential", "Studio", "Signature"),
    types=(
        ProductType("cashmere-scarf", _t("Cashmere Scarf", "Kaschmirschal",
                    "Écharpe en cachemire", "カシミヤマフラー", "캐시미어 머플러", "羊绒围巾"),
                    _FASHION_COLOURS, (200, 350), (79, 249)),
        ProductType("merino-sweater", _t("Merino Wool Sweater", "Pullover aus Merinowolle",
                    "Pull en laine mérinos", "メリノウールセーター", "메리노 울 스웨터",
                    "美利奴羊毛衫"), _CLOTHING_SIZES, (300, 500), (69, 199)),
        ProductType("tote-bag", _t("Leather Tote Bag", "Ledertasche", "Sac cabas en cuir",
                    "レザートートバッグ", "가죽 토트백", "真皮托特包"),
                    (("colour", "black"), ("colour", "camel"), ("colour", "beige")),
                    (600, 1200), (149, 499)),
        ProductType("sneakers", _t("Canvas Sneakers", "Canvas-Sneaker", "Baskets en toile",
                    "キャンバススニーカー", "캔버스 스니커즈", "帆布鞋"),
                    (("colour", "white"), ("colour", "black"), ("colour", "navy")),
                    (700, 1100), (59, 149)),
        ProductType("down-jacket", _t("Lightweight Down Jacket", "Leichte Daunenjacke",
                    "Doudoune légère", "軽量ダウンジャケット", "경량 패딩 점퍼", "轻薄羽绒服"),
                    _CLOTHING_SIZES, (400, 800), (79, 299)),
        ProductType("silk-blouse", _t("Silk Blouse", "Seidenbluse", "Chemisier en soie",
                    "シルクブラウス", "실크 블라우스", "真丝衬衫"), _CLOTHING_SIZES,
                    (200, 300), (89, 249)),
        ProductType("leather-wallet", _t("Leather Wallet", "Geldbörse aus Leder",
                    "Portefeuille en cuir", "本革財布", "가죽 지갑", "真皮钱包"),
                    (("colour", "black"), ("colour", "camel")), (200, 350), (49, 199)),
    ),
    grams=(200, 1200),
    features=_features(
        _t("Quality materials, soft to the touch.", "Hochwertige Materialien, angenehm weich.",
           "Matières de qualité, douces au toucher.", "上質でやわらかな素材。",
           "부드러운 고급 소재.", "优质材料，手感柔软。"),
        _t("A classic design that goes with everything.", "Zeitloses Design, das zu allem passt.",
           "Un style classique qui se porte avec tout.", "どんな服にも合わせやすい定番デザイン。",
           "어디에나 잘 어울리는 클래식한 디자인.", "经典设计，百搭。"),
        _t("Care instructions on the label.", "Pflegehinweise siehe Etikett.",
           "Instructions d'entretien sur l'étiquette.", "お手入れ方法はタグをご確認ください。",
           "관리 방법은 라벨을 확인하세요.", "护理方法请见标签。"),
        _t("Designed and finished with care.", "Sorgfältig entworfen und verarbeitet.",
           "Conçu et fini avec soin.", "丁寧に仕上げました。", "정성껏 디자인하고 마감했습니다.",
           "精心设计，做工考究。"),
    ),
)

CATEGORIES: dict[str, Category] = {
    "infant-formula-baby": BABY,
    "skincare-cosmetics": SKINCARE,
    "vitamins-health": VITAMINS,
    "electronics": ELECTRONICS,
    "fashion": FASHION,
}
# fmt: on
