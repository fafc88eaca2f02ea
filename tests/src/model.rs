//! A small order model with seeded problems: tests change single fields to plant a problem,
//! so every value is kept as the text a platform would show.

/// One item line. Money and quantities are text so a test can plant "两件" or "-1.00".
#[derive(Clone, Debug)]
pub struct Line {
    pub sub_no: String,
    pub barcode: String,
    pub title: String,
    pub price: String,
    pub qty: String,
    pub amount: String,
}

#[derive(Clone, Debug)]
pub struct Order {
    pub no: String,
    pub shop: String,
    /// `yyyy-MM-dd HH:mm:ss`, China time.
    pub time: String,
    pub pay_time: String,
    pub buyer: String,
    pub consignee: String,
    pub mobile: String,
    pub tel: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub street: String,
    pub address: String,
    pub total: String,
    pub discount: String,
    pub status: String,
    pub lines: Vec<Line>,
}

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙"];
const GIVEN: &[&str] = &["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟"];
const PLACES: &[(&str, &str, &str)] =
    &[("浙江省", "杭州市", "西湖区"), ("广东省", "深圳市", "南山区"), ("上海", "上海市", "浦东新区"), ("北京", "北京市", "朝阳区"), ("四川省", "成都市", "武侯区"), ("江苏省", "南京市", "鼓楼区")];
const STREETS: &[&str] = &["文三路", "科技园南路", "张江路", "建国路", "人民南路", "中山北路"];
const PRODUCTS: &[&str] = &[
    "【官方旗舰店】纯棉短袖T恤 男女同款 白色 L码",
    "保温杯 316不锈钢 大容量 500ml 星空蓝",
    "无线蓝牙耳机 主动降噪 长续航 黑色",
    "有机绿茶 明前龙井 礼盒装 250g",
    "儿童绘本 全套10册 3-6岁 睡前故事",
    "电动牙刷 声波震动 成人款 附2刷头",
];

/// Cents as `123.40`.
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

fn cents(text: &str) -> i64 {
    let (whole, frac) = text.split_once('.').unwrap_or((text, "0"));
    whole.parse::<i64>().unwrap() * 100 + format!("{frac:0<2}")[..2].parse::<i64>().unwrap()
}

/// `n` good orders, deterministic; `id(i)` is order `i`'s number. Order `i` has
/// `1 + (7i mod 4)` lines (2.5 on average), times spread from 2026-05-01 at 7-minute steps.
pub fn orders(n: usize, id: impl Fn(usize) -> String) -> Vec<Order> {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap().and_hms_opt(9, 0, 7).unwrap();
    (0..n)
        .map(|i| {
            let no = id(i);
            let lines: Vec<Line> = (0..1 + (i * 7) % 4)
                .map(|j| {
                    let price = 990 + ((i * 131 + j * 577) % 400) as i64 * 100 + 90;
                    let qty = 1 + ((i + j) % 3) as i64;
                    Line {
                        sub_no: format!("{no}{:02}", j + 1),
                        barcode: format!("69{:011}", 20_000_000 + (i * 3 + j) % 9973),
                        title: PRODUCTS[(i + j) % PRODUCTS.len()].to_string(),
                        price: money(price),
                        qty: qty.to_string(),
                        amount: money(price * qty),
                    }
                })
                .collect();
            let time = start + chrono::Duration::minutes(7 * i as i64);
            let (province, city, district) = PLACES[i % PLACES.len()];
            let name = format!("{}{}", SURNAMES[i % SURNAMES.len()], GIVEN[(i / 3) % GIVEN.len()]);
            let mut o = Order {
                no,
                shop: "HQS0001".into(),
                time: time.format("%Y-%m-%d %H:%M:%S").to_string(),
                pay_time: (time + chrono::Duration::seconds(300)).format("%Y-%m-%d %H:%M:%S").to_string(),
                buyer: format!("tb_{:08}", (i * 7919) % 100_000_000),
                consignee: name,
                mobile: format!("13{:09}", (i * 104_729) % 1_000_000_000),
                tel: format!("0571-{:08}", 80_000_000 + i % 10_000_000),
                province: province.into(),
                city: city.into(),
                district: district.into(),
                street: STREETS[i % STREETS.len()].into(),
                address: format!("{province}{city}{district}{}{}号", STREETS[i % STREETS.len()], 1 + i % 300),
                total: String::new(),
                discount: "0.00".into(),
                status: "交易成功".into(),
                lines,
            };
            o.recompute();
            o
        })
        .collect()
}

impl Order {
    /// Set the total to the sum of the line amounts.
    pub fn recompute(&mut self) {
        self.total = money(self.lines.iter().map(|l| cents(&l.amount)).sum());
    }

    /// The sum of the line quantities.
    pub fn total_qty(&self) -> String {
        self.lines.iter().map(|l| l.qty.parse::<i64>().unwrap_or(0)).sum::<i64>().to_string()
    }

    /// Keep only the first line (platforms with one row per order).
    pub fn single_line(mut self) -> Self {
        self.lines.truncate(1);
        self.recompute();
        self
    }
}

/// Add `delta` cents to a money text.
pub fn plus(text: &str, delta: i64) -> String {
    money(cents(text) + delta)
}
