//! Confirmed texts of the articles of 《中华人民共和国政府信息公开条例》 that the tables rest on, for hover: only
//! the articles that the format specification (§6) marks as read in a source, word for word.
//!
//! Source of every article text below: the 条例 as revised by 国务院令第711号 (2019-04-03, in force
//! 2019-05-15), GitHub repository `LawRefBook/Laws`, file `行政法规/政府信息公开条例(2019-04-03).md` (commit
//! 6ef77b0a407dfcb4285dc149af0a159b09e28aa7), re-read for this module. That copy prints item
//! numbers with half-width brackets, `(一)`; they are written `（一）` here, as the specification does.
//! Articles that the specification does not mark as confirmed (such as 第三十七条) are left out on
//! purpose: hover then shows the reference without a quotation.

/// The full name of the regulations, for attributions.
pub const REGULATIONS: &str = "《中华人民共和国政府信息公开条例》";

/// One paragraph (款) of an article, with its numbered items (项) when it has any.
#[derive(Debug)]
pub struct Paragraph {
    /// The paragraph's own text: all of it, or the sentence that introduces its items.
    pub text: &'static str,
    /// The items, each with its numbering, e.g. "（一）行政法规、规章和规范性文件；".
    pub items: &'static [&'static str],
}

/// One article (条) whose text is confirmed.
#[derive(Debug)]
pub struct Article {
    /// The article number, e.g. 14 for 第十四条.
    pub number: u32,
    pub paragraphs: &'static [Paragraph],
}

const fn p(text: &'static str) -> Paragraph {
    Paragraph { text, items: &[] }
}

/// The confirmed articles, by number.
pub static ARTICLES: [Article; 13] = [
    Article {
        number: 14,
        paragraphs: &[p("依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。")],
    },
    Article {
        number: 15,
        paragraphs: &[p("涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。但是，第三方同意公开或者行政机关认为不公开会对公共利益造成重大影响的，予以公开。")],
    },
    Article {
        number: 16,
        paragraphs: &[
            p("行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，可以不予公开。"),
            p("行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息以及行政执法案卷信息，可以不予公开。法律、法规、规章规定上述信息应当公开的，从其规定。"),
        ],
    },
    Article {
        number: 20,
        paragraphs: &[Paragraph {
            text: "行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息：",
            items: &[
                "（一）行政法规、规章和规范性文件；",
                "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名；",
                "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策；",
                "（四）国民经济和社会发展统计信息；",
                "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果；",
                "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定；",
                "（七）财政预算、决算信息；",
                "（八）行政事业性收费项目及其依据、标准；",
                "（九）政府集中采购项目的目录、标准及实施情况；",
                "（十）重大建设项目的批准和实施情况；",
                "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况；",
                "（十二）突发公共事件的应急预案、预警信息及应对情况；",
                "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况；",
                "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果；",
                "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息。",
            ],
        }],
    },
    Article {
        number: 30,
        paragraphs: &[p("政府信息公开申请内容不明确的，行政机关应当给予指导和释明，并自收到申请之日起7个工作日内一次性告知申请人作出补正，说明需要补正的事项和合理的补正期限。答复期限自行政机关收到补正的申请之日起计算。申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理该政府信息公开申请。")],
    },
    Article {
        number: 35,
        paragraphs: &[p("申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。行政机关认为申请理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是无法在本条例第三十三条规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。")],
    },
    Article {
        number: 36,
        paragraphs: &[Paragraph {
            text: "对政府信息公开申请，行政机关根据下列情况分别作出答复：",
            items: &[
                "（一）所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式、途径；",
                "（二）所申请公开信息可以公开的，向申请人提供该政府信息，或者告知申请人获取该政府信息的方式、途径和时间；",
                "（三）行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由；",
                "（四）经检索没有所申请公开信息的，告知申请人该政府信息不存在；",
                "（五）所申请公开信息不属于本行政机关负责公开的，告知申请人并说明理由；能够确定负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式；",
                "（六）行政机关已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府信息的，告知申请人不予重复处理；",
                "（七）所申请公开信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定的，告知申请人依照有关法律、行政法规的规定办理。",
            ],
        }],
    },
    Article {
        number: 38,
        paragraphs: &[p("行政机关向申请人提供的信息，应当是已制作或者获取的政府信息。除依照本条例第三十七条的规定能够作区分处理的外，需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供。")],
    },
    Article {
        number: 39,
        paragraphs: &[
            p("申请人以政府信息公开申请的形式进行信访、投诉、举报等活动，行政机关应当告知申请人不作为政府信息公开申请处理并可以告知通过相应渠道提出。"),
            p("申请人提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物的，行政机关可以告知获取的途径。"),
        ],
    },
    Article {
        number: 42,
        paragraphs: &[
            p("行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，行政机关可以收取信息处理费。"),
            p("行政机关收取信息处理费的具体办法由国务院价格主管部门会同国务院财政部门、全国政府信息公开工作主管部门制定。"),
        ],
    },
    Article {
        number: 47,
        paragraphs: &[
            p("政府信息公开工作主管部门应当加强对政府信息公开工作的日常指导和监督检查，对行政机关未按照要求开展政府信息公开工作的，予以督促整改或者通报批评；需要对负有责任的领导人员和直接责任人员追究责任的，依法向有权机关提出处理建议。"),
            p("公民、法人或者其他组织认为行政机关未按照要求主动公开政府信息或者对政府信息公开申请不依法答复处理的，可以向政府信息公开工作主管部门提出。政府信息公开工作主管部门查证属实的，应当予以督促整改或者通报批评。"),
        ],
    },
    Article {
        number: 49,
        paragraphs: &[
            p("县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布。"),
            p("县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告。"),
        ],
    },
    Article {
        number: 50,
        paragraphs: &[
            Paragraph {
                text: "政府信息公开工作年度报告应当包括下列内容：",
                items: &[
                    "（一）行政机关主动公开政府信息的情况；",
                    "（二）行政机关收到和处理政府信息公开申请的情况；",
                    "（三）因政府信息公开工作被申请行政复议、提起行政诉讼的情况；",
                    "（四）政府信息公开工作存在的主要问题及改进情况，各级人民政府的政府信息公开工作年度报告还应当包括工作考核、社会评议和责任追究结果情况；",
                    "（五）其他需要报告的事项。",
                ],
            },
            p("全国政府信息公开工作主管部门应当公布政府信息公开工作年度报告统一格式，并适时更新。"),
        ],
    },
];

/// The opening of what the 2021 format (国办公开办函〔2021〕30号) asks of 一、总体情况, as far as the stored copy
/// of the notice goes (http://zrzy.smx.gov.cn/16903/616589856/1288675.html, specification §2.2,
/// marked confirmed). The text continues in the original; quote it as an excerpt.
pub const FORMAT_2021_OVERVIEW: &str = "这一项报告本机关政府信息公开工作总体情况，对本机关贯彻落实《中华人民共和国政府信息公开条例》情况进行综述，主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障（含《中华人民共和国政府信息公开条例》第五十条第四项规定的各级人民政府“工作考核、社会评议和责任追究结果情况”）";

/// The confirmed text of article `number`, if it is one of [`ARTICLES`].
pub fn article(number: u32) -> Option<&'static Article> {
    ARTICLES.iter().find(|a| a.number == number)
}

/// A reference to (part of) an article, as the catalog writes it in [`super::RowSpec::basis`]:
/// `条例第十四条`, `条例第十六条第二款`, `条例第三十六条第（四）、（五）项`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRef {
    pub article: u32,
    /// The paragraph (款), counted from 1.
    pub paragraph: Option<u32>,
    /// The items (项), counted from 1.
    pub items: Vec<u32>,
}

/// Reads a Chinese numeral from 一 to 九十九.
fn numeral(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32 + 1)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [c] => digit(*c),
        ['十', c] => digit(*c).map(|d| 10 + d),
        [c, '十'] => digit(*c).map(|d| d * 10),
        [c, '十', d] => Some(digit(*c)? * 10 + digit(*d)?),
        _ => None,
    }
}

/// Parses a basis reference; `None` when it is empty or not a reference to one article of the 条例.
pub fn parse_basis(basis: &str) -> Option<ArticleRef> {
    let rest = basis.strip_prefix("条例")?.strip_prefix('第')?;
    let (art, rest) = rest.split_once('条')?;
    let article = numeral(art)?;
    let mut r = ArticleRef {
        article,
        paragraph: None,
        items: Vec::new(),
    };
    let mut rest = rest;
    if let Some(after) = rest.strip_prefix('第') {
        if let Some((n, tail)) = after.split_once('款') {
            if let Some(k) = numeral(n) {
                r.paragraph = Some(k);
                rest = tail;
            }
        }
    }
    if let Some(after) = rest.strip_prefix('第') {
        let (list, tail) = after.split_once('项')?;
        for part in list.split('、') {
            let inner = part
                .trim_start_matches(['（', '('])
                .trim_end_matches(['）', ')']);
            r.items.push(numeral(inner)?);
        }
        rest = tail;
    }
    rest.is_empty().then_some(r)
}

/// The confirmed text that a reference points to, ready to quote: its lines, whether they are only
/// part of the article, and the attribution (e.g. "《中华人民共和国政府信息公开条例》第三十六条").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    pub lines: Vec<&'static str>,
    pub excerpt: bool,
    pub source: String,
}

/// The article number written in Chinese, e.g. 36 → "三十六".
pub fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "零".to_owned(),
        1..=9 => D[n as usize].to_owned(),
        10..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

/// The confirmed text of a reference: the whole article, one paragraph, or the introduction of a
/// paragraph with the items referred to. `None` when the article's text is not confirmed.
pub fn quotation(r: &ArticleRef) -> Option<Quotation> {
    let art = article(r.article)?;
    let source = format!("{REGULATIONS}第{}条", chinese_number(r.article));
    let paragraphs: Vec<&Paragraph> = match r.paragraph {
        Some(k) => vec![art
            .paragraphs
            .get(usize::try_from(k).ok()?.checked_sub(1)?)?],
        None if r.items.is_empty() => art.paragraphs.iter().collect(),
        // Items without a paragraph are items of the paragraph that has items.
        None => vec![art.paragraphs.iter().find(|p| !p.items.is_empty())?],
    };
    let mut lines = Vec::new();
    let mut excerpt = paragraphs.len() < art.paragraphs.len();
    for para in paragraphs {
        lines.push(para.text);
        if r.items.is_empty() {
            lines.extend(para.items.iter().copied());
        } else {
            for &i in &r.items {
                lines.push(para.items.get(usize::try_from(i).ok()?.checked_sub(1)?)?);
            }
            excerpt |= r.items.len() < para.items.len();
        }
    }
    Some(Quotation {
        lines,
        excerpt,
        source,
    })
}
