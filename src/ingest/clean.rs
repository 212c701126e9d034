//! Line cleaning: whitespace normalisation and recognition of boilerplate
//! lines (navigation bars, breadcrumbs, toolbars, share widgets, bare image
//! file names, page-metadata and footer lines) so they are never indexed.
//!
//! The rules are deliberately conservative: a line is only dropped when it
//! clearly is page furniture, because losing real text is worse than
//! indexing a stray menu.

/// Sentence and clause punctuation; navigation bars never contain any.
const SENTENCE_PUNCT: &[char] = &[
    '。', '，', '、', '；', '！', '？', '：', ',', ';', '!', '?', ':', '“', '”', '"',
];

/// Separators between the items of a navigation bar.
const NAV_SEPARATORS: &[char] = &['|', '｜', '·', '•', '>', '»', '＞', '›', '/'];

/// Words that mark a short token list as site navigation.
const NAV_WORDS: &[&str] = &[
    "首页",
    "主页",
    "网站",
    "政务",
    "公开",
    "互动",
    "服务",
    "动态",
    "新闻",
    "中心",
    "概况",
    "走进",
    "专题",
    "办事",
    "信息",
    "领导",
    "机构",
    "视频",
    "图片",
    "English",
    "无障碍",
    "登录",
    "注册",
    "导航",
    "栏目",
    "频道",
    "要闻",
    "公告",
    "通知",
    "政策",
    "解读",
    "留言",
];

/// Toolbar control words that alone make a line a toolbar.
const TOOLBAR_STRONG: &[&str] = &[
    "字体",
    "字号",
    "字体大小",
    "打印",
    "打印本页",
    "打印此页",
    "打印文章",
    "关闭",
    "关闭窗口",
    "关闭本页",
    "收藏",
    "加入收藏",
    "分享",
    "分享到",
    "扫一扫在手机打开当前页",
    "扫一扫在手机上查看当前页面",
    "在手机打开当前页",
    "返回顶部",
    "我要纠错",
    "视力保护色",
];

/// Words that may appear in a toolbar next to a strong control word.
const TOOLBAR_WEAK: &[&str] = &[
    "大",
    "中",
    "小",
    "默认",
    "放大",
    "缩小",
    "微信",
    "微博",
    "新浪微博",
    "腾讯微博",
    "QQ",
    "QQ空间",
    "朋友圈",
    "返回",
    "顶部",
    "扫一扫",
    "保存",
    "纠错",
    "A",
    "A+",
    "A-",
];

/// Labels of page-metadata fields (publication time, source, view counts,
/// editors) shown above or below an article.
const META_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "发文日期",
    "更新时间",
    "时间",
    "日期",
    "来源",
    "信息来源",
    "文章来源",
    "稿件来源",
    "作者",
    "浏览次数",
    "浏览量",
    "访问次数",
    "访问量",
    "点击数",
    "点击量",
    "点击率",
    "阅读次数",
    "阅读量",
    "责任编辑",
    "编辑",
    "审核",
    "校对",
    "供稿",
    "字体",
];

/// Labels that make a line page metadata even when it holds only one field.
const META_SOLO_LABELS: &[&str] = &[
    "更新时间",
    "更新日期",
    "责任编辑",
    "编辑",
    "审核",
    "校对",
    "浏览次数",
    "浏览量",
    "访问次数",
    "访问量",
    "点击数",
    "点击量",
    "阅读次数",
    "阅读量",
    "发布时间",
    "信息来源",
    "文章来源",
    "稿件来源",
];

/// Labels of a page's own controls and panels (a video page's tabs, its
/// comment box, ranked and related link lists): a line that is nothing but
/// one of them, perhaps followed by `更多>`, is page chrome.
const CHROME_LABELS: &[&str] = &[
    "节目官网",
    "视频简介",
    "主要内容",
    "全部评论",
    "网友评论",
    "最新评论",
    "热门评论",
    "发表评论",
    "查看更多评论",
    "登录后发表评论",
    "热播榜",
    "热榜",
    "24小时热榜",
    "排行榜",
    "热门排行",
    "点击排行",
    "相关推荐",
    "热门推荐",
    "为你推荐",
    "精彩推荐",
    "推荐阅读",
    "相关阅读",
    "延伸阅读",
    "相关新闻",
    "相关链接",
    "相关文章",
    "相关视频",
    "猜你喜欢",
    "加载更多",
    "点击加载更多",
    "查看更多",
    "更多",
    "展开全文",
    "往期回顾",
    "下载客户端",
];

/// Image file extensions whose bare file names are left behind when a page
/// is saved as text.
const IMAGE_EXTENSIONS: &[&str] = &[
    "gif", "jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff", "svg",
];

/// Normalises one line: trims whitespace at both ends (including U+3000 and
/// NBSP) and collapses every inner run of whitespace or control characters
/// into a single ASCII space. Other characters are left untouched; width
/// folding belongs to the analysis stage.
pub fn normalize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        if c.is_whitespace() || c.is_control() || c == '\u{feff}' || c == '\u{200b}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Whether a normalised line is boilerplate that must not become a
/// paragraph.
pub fn is_boilerplate(line: &str) -> bool {
    if line.is_empty() || !line.chars().any(char::is_alphanumeric) {
        return true;
    }
    let n = line.chars().count();
    if n > 300 {
        return false;
    }
    is_image_name(line)
        || is_chrome_label(line)
        || is_toolbar(line)
        || is_nav_bar(line)
        || is_breadcrumb(line)
        || (n <= 120 && is_page_meta(line))
        || (n <= 200 && is_footer(line))
}

/// Normalises the lines of `text` and keeps those that are not boilerplate.
pub fn clean_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(normalize_line)
        .filter(|l| !is_boilerplate(l))
        .collect()
}

/// A line that only names page panels or controls: `相关推荐`,
/// `热播榜 更多>`, `视频简介 主要内容`, `查看更多评论`.
fn is_chrome_label(line: &str) -> bool {
    let label = |token: &str| {
        // `全部评论（12）`, `热播榜 更多>>`: a count or a "more" arrow aside.
        let counted = token.trim_end_matches(|c: char| c.is_ascii_digit() || "()（）".contains(c));
        let core = counted
            .trim_end_matches(['>', '＞', '»', '›', '+', '》'])
            .trim_end_matches("更多");
        !counted.is_empty()
            && (core.is_empty() || CHROME_LABELS.contains(&token) || CHROME_LABELS.contains(&core))
    };
    let mut tokens = line
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '｜'))
        .filter(|t| !t.is_empty())
        .peekable();
    tokens.peek().is_some() && tokens.all(label)
}

/// A bare image file name such as `1.gif`, `已处理2.jpg`, `IMG_2034.JPG`.
fn is_image_name(line: &str) -> bool {
    if line.contains(' ') || line.chars().count() > 80 {
        return false;
    }
    let Some((stem, ext)) = line.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty() && IMAGE_EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext))
}

/// A toolbar: only control words like 字体/打印/关闭/分享到 inside brackets
/// and colons, with at least one strong control word.
fn is_toolbar(line: &str) -> bool {
    let mut strong = false;
    for token in line
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '【' | '】'
                        | '['
                        | ']'
                        | '('
                        | ')'
                        | '（'
                        | '）'
                        | ':'
                        | '：'
                        | '|'
                        | '｜'
                        | '/'
                        | '>'
                        | '<'
                        | '·'
                        | '、'
                        | '-'
                )
        })
        .filter(|t| !t.is_empty())
    {
        if TOOLBAR_STRONG.contains(&token) {
            strong = true;
        } else if !TOOLBAR_WEAK.contains(&token) {
            return false;
        }
    }
    strong
}

/// Splits a line into navigation-bar items.
fn nav_tokens(line: &str) -> Vec<&str> {
    line.split(|c: char| c.is_whitespace() || NAV_SEPARATORS.contains(&c))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Whether a token contains a typical menu word.
fn has_nav_word(token: &str) -> bool {
    NAV_WORDS.iter().any(|w| token.contains(w))
}

/// A navigation bar: at least 4 short items (≤ 6 characters), no sentence
/// punctuation, and at least two items — and a third of them — that look like
/// menu entries (首页, 政务, 动态, …). Lists of names (school names, the
/// members of a committee), table rows and spaced-out dates stay.
fn is_nav_bar(line: &str) -> bool {
    if line.contains(SENTENCE_PUNCT) || (line.starts_with('|') && line.ends_with('|')) {
        return false;
    }
    let tokens = nav_tokens(line);
    if tokens.len() < 4 || tokens.iter().any(|t| t.chars().count() > 6) {
        return false;
    }
    let menu_like = tokens.iter().filter(|t| has_nav_word(t)).count();
    menu_like >= 2 && menu_like * 3 >= tokens.len()
}

/// A breadcrumb trail: `首页 > 新闻中心 > 工作动态`, or a line starting with
/// 当前位置/您的位置.
fn is_breadcrumb(line: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "当前位置",
        "您的位置",
        "你的位置",
        "您现在的位置",
        "你现在的位置",
        "所在位置",
        "当前所在位置",
    ];
    let n = line.chars().count();
    if n <= 100 && PREFIXES.iter().any(|p| line.starts_with(p)) {
        return true;
    }
    if line.contains(SENTENCE_PUNCT) || line.contains(['<', '《', '》']) {
        return false;
    }
    let arrows = line.matches(['>', '»', '＞', '›']).count();
    if arrows == 0 {
        return false;
    }
    let tokens = nav_tokens(line);
    if tokens.len() < 2 || tokens.iter().any(|t| t.chars().count() > 12) {
        return false;
    }
    let home = tokens[0].contains("首页")
        || tokens[0].contains("主页")
        || tokens[0].eq_ignore_ascii_case("home");
    home || (arrows >= 2 && tokens.iter().any(|t| has_nav_word(t)))
}

/// Page metadata: `发布时间：2021-12-14 来源：… 浏览次数：…`, `责任编辑：…`.
fn is_page_meta(line: &str) -> bool {
    let label_at = |s: &str| -> Option<&'static str> {
        META_LABELS.iter().copied().find(|l| {
            s.strip_prefix(l)
                .map(|r| r.trim_start().starts_with([':', '：']))
                .unwrap_or(false)
        })
    };
    let Some(first) = label_at(line) else {
        return false;
    };
    if META_SOLO_LABELS.contains(&first) {
        return true;
    }
    // Count further labels after whitespace or brackets.
    let labels = line
        .char_indices()
        .filter(|(i, c)| {
            (*i == 0 || c.is_whitespace() || matches!(c, '】' | ']' | '|' | '｜'))
                && label_at(line[*i..].trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '】' | ']' | '|' | '｜')
                }))
                .is_some()
        })
        .count();
    labels >= 2
}

/// Site footers: copyright and registration lines, previous/next links.
fn is_footer(line: &str) -> bool {
    const CONTAINS: &[&str] = &["ICP备", "ICP证", "公网安备", "网站标识码", "网站识别码"];
    const STARTS: &[&str] = &[
        "版权所有",
        "Copyright",
        "copyright",
        "©",
        "主办单位：",
        "主办单位:",
        "承办单位：",
        "承办单位:",
        "上一篇：",
        "上一篇:",
        "下一篇：",
        "下一篇:",
        "上一篇 ",
        "下一篇 ",
    ];
    (CONTAINS.iter().any(|c| line.contains(c)) && line.contains(|c: char| c.is_ascii_digit()))
        || STARTS.iter().any(|s| line.starts_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_chrome_labels_are_boilerplate() {
        for line in [
            "节目官网",
            "视频简介",
            "主要内容",
            "全部评论",
            "查看更多评论",
            "热播榜 更多>",
            "相关推荐",
            "加载更多",
            "更多>>",
            "猜你喜欢",
            "更新时间：2026-08-15T02:05:52.038Z",
            "视频简介 主要内容",
            "全部评论（12）",
            "网友评论(3)",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
        for line in [
            "本期节目主要内容：",
            "主要内容包括三个方面。",
            "2023",
            "（12）",
            "相关推荐意见已报县政府。",
            "更多群众享受到了便利。",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn normalises_whitespace_only() {
        assert_eq!(
            normalize_line("\u{3000}\u{3000}正文\t\t第一段  内容\u{a0}"),
            "正文 第一段 内容"
        );
        assert_eq!(
            normalize_line("  ＡＢＣ１２３，全角保留 \r"),
            "ＡＢＣ１２３，全角保留"
        );
        assert_eq!(normalize_line("\u{feff}标题"), "标题");
        assert_eq!(normalize_line(" \t\u{3000} "), "");
    }

    #[test]
    fn seed_shaped_page_keeps_only_content() {
        let page = "\
首页 本市概况 新闻中心 信息公开 办事服务 互动交流 专题专栏 走进本市
区卫健局开展健康知识进社区活动
【字体: 】【 打印】 【 关闭
分享到:

  11月3日,区卫健局组织医务人员走进社区开展义诊。

社区卫生服务中心

3.gif

  ●突出重点,把健康服务送到群众身边

已处理5.jpg
IMG_0001.JPG
图片1.png

  ▲医务人员为居民测量血压

【字体：大 中 小】【打印】【关闭】
[打印本页] [关闭窗口]
分享到：微信 微博
扫一扫在手机打开当前页
　　
——
";
        let lines = clean_lines(page);
        assert_eq!(
            lines,
            vec![
                "区卫健局开展健康知识进社区活动",
                "11月3日,区卫健局组织医务人员走进社区开展义诊。",
                "社区卫生服务中心",
                "●突出重点,把健康服务送到群众身边",
                "▲医务人员为居民测量血压",
            ]
        );
    }

    #[test]
    fn nav_bar_versus_short_list_of_names() {
        assert!(is_boilerplate(
            "走进本市 政务动态 政务公开 政民互动 领导之窗 工作机构 政务服务 视频本市"
        ));
        assert!(is_boilerplate("首页 | 政务公开 | 办事服务 | 互动交流"));
        assert!(is_boilerplate("首页 > 新闻中心 > 工作动态"));
        assert!(is_boilerplate("当前位置：首页 > 工作动态"));
        // Three or four school names in body text are content.
        assert!(!is_boilerplate("城南一中 城北二小 城东六小"));
        assert!(!is_boilerplate("城南一中 城北二小 城东六小 城西七小"));
        // Sentence punctuation means prose.
        assert!(!is_boilerplate("首页 政务 公开，互动 服务"));
        // Names, spaced dates and table rows are content.
        assert!(!is_boilerplate(
            "习近平 李强 赵乐际 王沪宁 蔡奇 丁薛祥 李希"
        ));
        assert!(!is_boilerplate("2021 年 3 月 9 日"));
        assert!(!is_boilerplate("济 南 市 公 安 局"));
        assert!(!is_boilerplate("GB/T 20818 IEC 61987 IEC SC65E 已发布"));
        assert!(!is_boilerplate("<中华人民共和国计量法>的决定》修正"));
        assert!(!is_boilerplate("1 GHz > 12.75 GHz"));
        assert!(!is_boilerplate("ICP备案号"));
        assert!(is_boilerplate("网站首页>政务公开>通知公告"));
        assert!(is_boilerplate("Home > News"));
        assert!(!is_boilerplate("| 序号 | 名称 | 信息 | 备注 |"));
        // Long tokens are not menu items.
        assert!(!is_boilerplate(
            "关于开展安全生产大检查 通知要求各单位认真落实 政务服务"
        ));
    }

    #[test]
    fn toolbars_and_page_meta() {
        for l in [
            "【字体: 】【 打印】 【 关闭",
            "【字体：大 中 小】【打印】【关闭】",
            "[打印本页] [关闭窗口]",
            "分享到:",
            "分享到：微信 微博",
            "扫一扫在手机打开当前页",
            "责任编辑：张某",
            "发布时间：2021-12-14 来源：区教育局 浏览次数：120",
            "版权所有：某市人民政府 粤ICP备00000000号",
            "上一篇：关于某事的通知",
        ] {
            assert!(is_boilerplate(l), "{l}");
        }
        for l in [
            "微信",
            "关闭学校周边违规经营的店铺，打印宣传资料。",
            "来源：群众反映的问题已全部办结，相关单位作出说明。",
            "中",
        ] {
            assert!(!is_boilerplate(l), "{l}");
        }
    }

    #[test]
    fn image_names_and_punctuation() {
        for l in [
            "1.gif",
            "已处理2.jpg",
            "IMG_2034.JPG",
            "图片1.png",
            "a.jpeg",
            "x.bmp",
            "y.webp",
        ] {
            assert!(is_boilerplate(l), "{l}");
        }
        for l in ["——", "……", "* * *", ""] {
            assert!(is_boilerplate(l), "{l}");
        }
        assert!(!is_boilerplate("图片1.png 显示了会议现场"));
        assert!(!is_boilerplate("版本1.2"));
        assert!(!is_boilerplate("▲市领导出席会议"));
        assert!(!is_boilerplate("●加强学习宣传"));
    }
}
