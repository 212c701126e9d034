//! Query-side stop words.
//!
//! Function words that a user types in a question (武汉市对企业复工有哪些扶持政策)
//! but that say nothing about which paragraph answers it. They are dropped from
//! the required terms of a query, never from the index: a quoted phrase still
//! matches them literally.

/// Words that never count as required query terms.
const STOP_WORDS: &[&str] = &[
    "的",
    "了",
    "和",
    "与",
    "及",
    "或",
    "是",
    "在",
    "有",
    "对",
    "把",
    "被",
    "从",
    "向",
    "于",
    "以",
    "为",
    "也",
    "都",
    "就",
    "而",
    "并",
    "等",
    "之",
    "其",
    "这",
    "那",
    "个",
    "着",
    "过",
    "吗",
    "呢",
    "吧",
    "啊",
    "呀",
    "么",
    "哪",
    "哪些",
    "哪个",
    "哪里",
    "什么",
    "怎么",
    "怎样",
    "怎么样",
    "如何",
    "多少",
    "为什么",
    "是否",
    "有没有",
    "关于",
    "对于",
    "以及",
    "还是",
    "或者",
    "还有",
    "一些",
    "这些",
    "那些",
    "我",
    "你",
    "他",
    "她",
    "它",
    "我们",
    "你们",
    "他们",
    "请问",
    "多长时间",
    "多久",
    "多少钱",
    "怎么办",
    "要不要",
    "能不能",
    "可不可以",
    "会不会",
    "是不是",
    "可以",
    "能",
    "要",
    "会",
    "还",
    "一般",
    "现在",
    "真的",
    "有关",
    "相关",
    "方面",
    "情况",
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "to",
    "in",
    "on",
    "for",
    "is",
    "are",
];

/// Whether `word` (already normalized) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_stop_words_content_words_are_not() {
        assert!(is_stop_word("的"));
        assert!(is_stop_word("哪些"));
        assert!(!is_stop_word("党史"));
        assert!(!is_stop_word("政策"));
        // What a question asks with, not what it is about.
        assert!(is_stop_word("多长时间"));
        assert!(is_stop_word("可以"));
        assert!(!is_stop_word("罚款"));
    }
}
