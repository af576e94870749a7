# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Names of the demo dataset: the company, its users, products and customers' names."""

# name, unit price, unit cost in CNY (margin 15-45 %)
PRODUCTS = (
    ("Power cord 1.5 m", 12.0, 8.4),
    ("PVC insulated wire 2.5 mm² (100 m)", 95.0, 71.0),
    ("Shielded data cable Cat6 (305 m)", 460.0, 340.0),
    ("Wiring harness WH-200", 48.0, 30.0),
    ("Coaxial cable RG6 (305 m)", 380.0, 250.0),
    ("USB-C charging cable 1 m", 9.0, 5.0),
    ("Solar PV cable 4 mm² (100 m)", 520.0, 390.0),
    ("Automotive wiring harness AH-35", 165.0, 112.0),
)

# the demo company: a cable maker in Shenzhen, books in CNY on Odoo's Chinese chart (l10n_cn)
COMPANY = {
    "name": "深圳华通线缆有限公司",
    "english_name": "Huatong Cable (Shenzhen) Co., Ltd.",
    "street": "宝安区福永街道凤凰工业区 8 号",
    "city": "深圳市",
    "zip": "518103",
    "phone": "+86 755 2731 8800",
    "email": "sales@huatong-cable.example.com",
    "website": "https://www.huatong-cable.example.com",
    "country": "CN",
    "currency": "CNY",
    "chart": "cn",
    "tz": "Asia/Shanghai",
    "tz_offset_hours": 8,  # China has no daylight saving time
}

# login (= password), XML id of the user in demo/printcrm_demo.xml, role, language
USERS = (
    ("lily", "demo_user_salesperson_1", "Salesperson", "zh_CN"),
    ("tom", "demo_user_salesperson_2", "Salesperson", "en_US"),
    ("kevin", "demo_user_branch_manager", "Branch Manager", "zh_CN"),
    ("mona", "demo_user_sales_manager", "Sales Manager", "en_US"),
    ("grace", "demo_user_general_manager", "General Manager", "zh_CN"),
)

# customers in China: city + stem + trade + 有限公司
CN_CITIES = (
    "东莞市/深圳市/广州市/佛山市/中山市/苏州市/宁波市/杭州市/厦门市/天津市/青岛市/上海市".split("/")
)
CN_STEMS = "宏达/金桥/新源/恒通/德力/永盛/瑞丰/兴业/鸿运/立信/天成/福星/东方/嘉和/盛世/海川".split(
    "/"
)
CN_TRADES = "电子/电器/照明/汽车配件/医疗器械/音响/电动工具/玩具/新能源/智能家居".split("/")

# customers abroad: stem + trade + legal form of the country
NAME_STEMS = (
    "Everbright/Golden Bridge/Pacific Rim/Lotus/Northstar/Jade River/Silverline/Harbor/"
    "Kingsway/Sunrise/Orient/Bluewater/Red Maple/Summit/Evergreen/Crown/Unity"
).split("/")
NAME_TRADES = (
    "Electronics/Appliances/Lighting/Automotive Parts/Medical Devices/Audio/Power Tools/Solar"
).split("/")
CITIES = {
    "HK": ("Hong Kong", "Kowloon"),
    "TW": ("Taipei", "Taichung", "Kaohsiung"),
    "JP": ("Osaka", "Nagoya", "Tokyo"),
    "KR": ("Seoul", "Busan", "Incheon"),
    "US": ("Chicago", "Los Angeles", "Houston", "Atlanta"),
    "DE": ("Stuttgart", "Munich", "Hamburg", "Nuremberg"),
}
FOREIGN_FORMS = {
    "HK": "(HK) Ltd.",
    "TW": "Co., Ltd.",
    "JP": "K.K.",
    "KR": "Co., Ltd.",
    "US": "Inc.",
    "DE": "GmbH",
}
