//! HTML → title and lines of main text.
//!
//! Block elements break lines; scripts, styles, forms, navigation, `aside`
//! and page `header`/`footer` are dropped, as readability tools do, and so
//! are elements whose id/class marks them as menus, breadcrumbs, share
//! widgets, toolbars, comments, related or ranked links, sidebars or footers,
//! and blocks that are mostly links (link density: menus, 相关推荐, 热播榜
//! lists). The tree is walked iteratively, so deeply nested markup cannot
//! overflow the stack.

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::node::Node;
use scraper::{ElementRef, Html};

use crate::ingest::clean::normalize_line;

/// Elements whose content is never text of the page.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "nav", "iframe", "select", "button", "template", "svg",
    "object", "embed", "textarea", "option", "title", "map", "canvas", "audio", "video",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "section",
    "article",
    "main",
    "aside",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "address",
    "center",
    "form",
    "fieldset",
    "header",
    "footer",
    "body",
    "html",
    "details",
    "summary",
    "legend",
];

/// Elements that separate their content from neighbours by a space.
const CELLS: &[&str] = &["td", "th"];

/// Class/id words marking page furniture.
const FURNITURE_EXACT: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "footer",
    "foot",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "share",
    "toolbar",
    "bdsharebuttonbox",
    "copyright",
    "bottom",
    "sidebar",
    "comment",
    "comments",
    "pinglun",
    "recommend",
    "related",
    "relate",
    "rank",
    "ranking",
    "hot",
    "hotlist",
    "hotnews",
    "tuijian",
    "xiangguan",
    "paihang",
];

/// Class/id word beginnings and endings marking page furniture
/// (`topnav`, `mainmenu`, `nav-bar`, `sitefooter`, `bdshare`).
const FURNITURE_AFFIX: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "breadcrumb",
    "crumb",
    "toolbar",
    "comment",
    "recommend",
    "related",
    "sidebar",
];

/// Elements a link-density test may drop: containers of menus and link
/// lists (a paragraph or heading holding a link is left to the line rules).
const LINK_CONTAINERS: &[&str] = &[
    "div", "ul", "ol", "dl", "section", "table", "tbody", "tr", "td", "span", "center",
];
/// A container with at least this many links …
const LINK_LIST_MIN_LINKS: usize = 3;
/// … and more than this share of its text inside links is a link list.
const LINK_LIST_DENSITY: f64 = 0.5;

/// Furniture-marked elements with more text than this are kept anyway: a
/// wrongly classed wrapper must not swallow the article.
const FURNITURE_MAX_TEXT: usize = 2000;
/// A `<form>` with more text than this is a page-wide wrapper (ASP.NET
/// pages wrap the whole body in one), not a search box.
const FORM_MAX_TEXT: usize = 200;

/// Most `<meta>` pairs kept per page: real pages have a few dozen, and a
/// hostile page must not grow memory without bound.
const MAX_META: usize = 64;

/// What ingest keeps of an HTML page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtmlText {
    /// Text of the first `<title>`, if any.
    pub title: Option<String>,
    /// Texts of `<h1>`–`<h3>` headings in document order, for choosing the
    /// title.
    pub headings: Vec<String>,
    /// The main text, one block per line (not yet cleaned).
    pub body: String,
    /// `<meta>` (name, content) pairs, the name taken from `name`,
    /// `property`, `itemprop` or `http-equiv` and lower-cased: the page's
    /// own publication date is often there (`PubDate`,
    /// `article:published_time`).
    pub meta: Vec<(String, String)>,
}

/// Extracts title, headings and main text from an HTML document.
pub fn extract(html: &str) -> HtmlText {
    let doc = Html::parse_document(html);
    let mut walk = TextWalk {
        out: HtmlText::default(),
        body: String::with_capacity(html.len() / 2),
        pre_depth: 0,
        article_depth: 0,
        density: link_density(&doc),
    };
    // Iterative depth-first walk (no recursion: nesting depth is unbounded).
    let root = doc.tree.root();
    let mut node = root;
    loop {
        let descend = walk.open(node.value(), ElementRef::wrap(node));
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
        }
        // Close `node` (if it was opened) and its finished ancestors, then
        // move on to the next sibling.
        let mut opened = descend;
        loop {
            if opened {
                walk.close(node.value());
            }
            if node.id() == root.id() {
                return walk.finish();
            }
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                break;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    opened = true;
                }
                None => return walk.finish(),
            }
        }
    }
}

/// The state of [`extract`]'s walk: what it found so far, and whether it
/// is inside `<pre>` (text kept as is) or `<article>`/`<main>` (a
/// `<header>` inside them is kept).
struct TextWalk {
    out: HtmlText,
    body: String,
    pre_depth: usize,
    article_depth: usize,
    density: HashMap<NodeId, Density>,
}

impl TextWalk {
    /// Opens `node`: takes its text, title, heading or `<meta>`; returns
    /// whether to descend into it.
    fn open(&mut self, node: &Node, element: Option<ElementRef<'_>>) -> bool {
        match node {
            Node::Text(t) => {
                if self.pre_depth > 0 {
                    self.body.push_str(t);
                } else {
                    // Newlines in HTML text are plain whitespace.
                    self.body.extend(
                        t.chars()
                            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
                    );
                }
                false
            }
            Node::Element(e) => {
                let name = e.name();
                if name == "meta" {
                    push_meta(&mut self.out.meta, e);
                }
                let Some(el) = element else {
                    return false;
                };
                if name == "title" && self.out.title.is_none() {
                    self.out.title = Some(el.text().collect::<String>());
                }
                let density = self.density.get(&el.id()).copied().unwrap_or_default();
                if drop_element(el, name, self.article_depth > 0, density) {
                    return false;
                }
                if matches!(name, "h1" | "h2" | "h3") {
                    let t = normalize_line(&el.text().collect::<String>());
                    if !t.is_empty() {
                        self.out.headings.push(t);
                    }
                }
                if matches!(name, "article" | "main") {
                    self.article_depth += 1;
                }
                if name == "pre" {
                    self.pre_depth += 1;
                }
                push_break(&mut self.body, name);
                true
            }
            Node::Document | Node::Fragment => true,
            _ => false,
        }
    }

    /// Closes an element opened by [`TextWalk::open`].
    fn close(&mut self, node: &Node) {
        if let Node::Element(e) = node {
            let name = e.name();
            if matches!(name, "article" | "main") {
                self.article_depth = self.article_depth.saturating_sub(1);
            }
            if name == "pre" {
                self.pre_depth = self.pre_depth.saturating_sub(1);
            }
            push_break(&mut self.body, name);
        }
    }

    /// What the walk found.
    fn finish(mut self) -> HtmlText {
        self.out.body = self.body;
        self.out
    }
}

/// Records a `<meta>` element's name and content, if it has both and
/// [`MAX_META`] is not reached.
fn push_meta(meta: &mut Vec<(String, String)>, e: &scraper::node::Element) {
    if meta.len() >= MAX_META {
        return;
    }
    let name = ["name", "property", "itemprop", "http-equiv"]
        .iter()
        .find_map(|a| e.attr(a));
    if let (Some(name), Some(content)) = (name, e.attr("content")) {
        meta.push((name.trim().to_ascii_lowercase(), content.trim().to_owned()));
    }
}

/// Line break around block elements, space around table cells.
fn push_break(body: &mut String, name: &str) {
    if BLOCKS.contains(&name) {
        body.push('\n');
    } else if CELLS.contains(&name) {
        body.push(' ');
    }
}

/// Whether an element and its content are page furniture.
fn drop_element(el: ElementRef<'_>, name: &str, in_article: bool, density: Density) -> bool {
    if DROPPED.contains(&name) {
        return true;
    }
    match name {
        "header" | "footer" | "aside" if !in_article => return true,
        "form" => return density.text <= FORM_MAX_TEXT,
        "html" | "body" | "main" | "article" => return false,
        _ => {}
    }
    if density.text > FURNITURE_MAX_TEXT {
        return false;
    }
    let v = el.value();
    let marked = v.id().into_iter().chain(v.classes()).any(is_furniture_word);
    marked || (LINK_CONTAINERS.contains(&name) && density.is_link_list())
}

/// How much of an element's text is inside links: readability's link
/// density, which tells a menu or a list of related links from prose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Density {
    /// Characters of text (whitespace aside) under the element.
    text: usize,
    /// Of those, inside `<a>`.
    link_text: usize,
    /// `<a>` elements under it.
    links: usize,
    /// Sentence ends (。！？) outside links: prose, which a wrapper of a
    /// short article among many menu links still holds.
    sentences: usize,
}

impl Density {
    /// Enough links, more than half of the text in them, and no sentence
    /// outside them.
    fn is_link_list(self) -> bool {
        self.links >= LINK_LIST_MIN_LINKS
            && self.sentences == 0
            && self.link_text as f64 > LINK_LIST_DENSITY * self.text as f64
    }
}

/// The [`Density`] of every element, in one pass: in reverse document
/// order each node comes after all of its descendants, so each sums its
/// children's figures once (no cost per level of nesting).
fn link_density(doc: &Html) -> HashMap<NodeId, Density> {
    let nodes: Vec<_> = doc.tree.root().descendants().collect();
    let mut figures: HashMap<NodeId, Density> = HashMap::with_capacity(nodes.len());
    for node in nodes.iter().rev() {
        let own = match node.value() {
            Node::Text(t) => Density {
                text: t.chars().filter(|c| !c.is_whitespace()).count(),
                sentences: t
                    .chars()
                    .filter(|c| matches!(c, '。' | '！' | '？'))
                    .count(),
                ..Density::default()
            },
            Node::Element(e) if DROPPED.contains(&e.name()) => Density::default(),
            Node::Element(e) => {
                let mut sum = node.children().fold(Density::default(), |acc, child| {
                    let c = figures.get(&child.id()).copied().unwrap_or_default();
                    Density {
                        text: acc.text + c.text,
                        link_text: acc.link_text + c.link_text,
                        links: acc.links + c.links,
                        sentences: acc.sentences + c.sentences,
                    }
                });
                if e.name() == "a" {
                    sum.link_text = sum.text;
                    sum.links += 1;
                    sum.sentences = 0;
                }
                sum
            }
            _ => Density::default(),
        };
        figures.insert(node.id(), own);
    }
    figures
}

/// Whether a class or id value names navigation, menus, footers, …
fn is_furniture_word(value: &str) -> bool {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .any(|w| {
            FURNITURE_EXACT.contains(&w.as_str())
                || w.starts_with("bdshare")
                || FURNITURE_AFFIX
                    .iter()
                    .any(|a| w.starts_with(a) || w.ends_with(a))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(body: &str) -> Vec<String> {
        crate::ingest::clean::clean_lines(body)
    }

    #[test]
    fn collects_meta_pairs_with_lower_case_names() {
        let html = r#"<html><head><meta charset="utf-8">
<meta name="PubDate" content=" 2021-12-14 10:20 ">
<meta property="article:published_time" content="2021-12-14T10:20:00+08:00">
<meta itemprop="datePublished" content="2021-12-14">
<meta name="keywords"><meta content="无名">
</head><body><p>正文。</p><meta name="Date" content="2021-12-15"></body></html>"#;
        let h = extract(html);
        let pairs: Vec<(&str, &str)> = h
            .meta
            .iter()
            .map(|(n, c)| (n.as_str(), c.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("pubdate", "2021-12-14 10:20"),
                ("article:published_time", "2021-12-14T10:20:00+08:00"),
                ("datepublished", "2021-12-14"),
                ("date", "2021-12-15"),
            ]
        );
        let many = "<meta name=\"x\" content=\"y\">".repeat(MAX_META + 10);
        assert_eq!(extract(&many).meta.len(), MAX_META);
    }

    #[test]
    fn extracts_title_and_blocks_and_drops_furniture() {
        let html = r#"<!DOCTYPE html><html><head>
<meta charset="utf-8"><title>区教育局召开工作会议_某区人民政府</title>
<style>.x{color:red}</style><script>var a = "脚本文字";</script></head>
<body>
<div class="top-nav"><a href="/">首页</a><a>政务公开</a></div>
<nav><ul><li>导航一</li><li>导航二</li></ul></nav>
<div id="breadcrumb">首页 &gt; 工作动态</div>
<div class="content">
<h1>区教育局召开工作会议</h1>
<p>&nbsp;&nbsp;会议于11月3日召开，<b>全体</b>干部参加。</p>
<p>会议强调&ldquo;三个到位&rdquo;。<br>第二行内容。</p>
<table><tr><td>学校</td><td>人数</td></tr><tr><td>一中</td><td>120</td></tr></table>
<pre>保留
换行</pre>
<noscript>请启用脚本</noscript>
<form><input name="q"><button>搜索</button></form>
</div>
<div class="bdsharebuttonbox">分享到微信</div>
<footer>版权所有 某区人民政府</footer>
</body></html>"#;
        let h = extract(html);
        assert_eq!(
            h.title.as_deref(),
            Some("区教育局召开工作会议_某区人民政府")
        );
        assert_eq!(h.headings, vec!["区教育局召开工作会议"]);
        let l = lines(&h.body);
        assert_eq!(
            l,
            vec![
                "区教育局召开工作会议",
                "会议于11月3日召开，全体干部参加。",
                "会议强调“三个到位”。",
                "第二行内容。",
                "学校 人数",
                "一中 120",
                "保留",
                "换行",
            ]
        );
        for bad in [
            "脚本",
            "color",
            "导航",
            "首页",
            "请启用",
            "搜索",
            "分享",
            "版权",
        ] {
            assert!(!h.body.contains(bad), "{bad} survived");
        }
    }

    #[test]
    fn wrapper_form_and_misclassed_wrapper_are_kept() {
        let long = "正文内容很长。".repeat(400);
        let html = format!(
            "<html><body class=\"menu-open\"><form id=\"form1\"><div class=\"nav-wrapper\"><p>{long}</p></div></form></body></html>"
        );
        let h = extract(&html);
        assert!(h.body.contains(&long));
        assert_eq!(h.title, None);
    }

    #[test]
    fn header_inside_article_is_kept() {
        let html = "<body><header>站点页头</header><article><header><h2>文章标题</h2></header><p>正文。</p></article></body>";
        let h = extract(html);
        assert!(!h.body.contains("站点页头"));
        assert!(h.body.contains("文章标题"));
    }

    #[test]
    fn deep_nesting_and_garbage_do_not_panic() {
        let deep = "<div>".repeat(20_000) + "深处的文字" + &"</div>".repeat(20_000);
        assert!(extract(&deep).body.contains("深处的文字"));
        let _ = extract("<<<>>><p <title>>&#xFFFFFF;&bogus;</");
        assert_eq!(extract("").body.trim(), "");
    }

    #[test]
    fn link_lists_asides_comments_and_related_blocks_are_dropped() {
        let html = r#"<html><body>
<div class="top"><a>本站首页</a> <a>无障碍</a> <a>长者模式</a> <a>English</a></div>
<div class="article">
<p>县里召开防汛会议，部署抢险工作。</p>
<p>附件：<a href="a.doc">防汛应急预案</a></p>
<ul><li>第一项：加强巡查，<a>详见通知</a>。</li><li>第二项：转移群众。</li></ul>
</div>
<ul class="list"><li><a>往期一</a></li><li><a>往期二</a></li><li><a>往期三</a></li></ul>
<div id="comment_area"><p>网友留言：很好。</p></div>
<div class="recommend-box"><p>推荐文字</p></div>
<aside><p>侧栏文字</p></aside>
<article><aside><p>文中插话</p></aside></article>
</body></html>"#;
        let h = extract(html);
        let l = lines(&h.body);
        assert_eq!(
            l,
            vec![
                "县里召开防汛会议，部署抢险工作。",
                "附件：防汛应急预案",
                "第一项：加强巡查，详见通知。",
                "第二项：转移群众。",
                "文中插话",
            ]
        );
    }

    #[test]
    fn link_density_is_counted_once_however_deep() {
        let deep =
            "<div>".repeat(20_000) + "<a>甲</a><a>乙</a><a>丙</a>" + &"</div>".repeat(20_000);
        assert!(!extract(&deep).body.contains('甲'));
        let density = |html: &str| {
            let doc = Html::parse_document(html);
            let figures = link_density(&doc);
            let root = doc.root_element();
            figures[&root.id()]
        };
        assert_eq!(
            density("<p>正文四个<a>链接</a></p><script>忽略</script>"),
            Density {
                text: 6,
                link_text: 2,
                links: 1,
                sentences: 0
            }
        );
        // A short article among many menu links is no link list.
        let html = format!(
            "<div id=\"wrap\">{}<p>县里召开会议。</p></div>",
            "<a>栏目名称甲乙</a>".repeat(20)
        );
        assert!(extract(&html).body.contains("县里召开会议。"));
    }

    #[test]
    fn furniture_words() {
        for w in [
            "nav",
            "topnav",
            "main-menu",
            "site_footer",
            "breadcrumb",
            "bdshare_t",
            "toolbar",
            "comment_box",
            "rank_list",
            "recommend",
            "related-news",
            "sidebar",
        ] {
            assert!(is_furniture_word(w), "{w}");
        }
        for w in [
            "content",
            "article",
            "canvas-x",
            "main",
            "title",
            "news-list",
        ] {
            assert!(!is_furniture_word(w), "{w}");
        }
    }
}
