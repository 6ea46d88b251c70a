//! Writing HTML safely. Noren's own markup goes in as `&'static str` literals; everything that
//! comes from a config or the page goes in through [`Html::text`], which escapes it, so config
//! text is always text and never markup.

use crate::prelude::*;
use crate::text::Wording;

/// An HTML fragment being written.
#[derive(Default)]
pub struct Html(String);

impl Html {
    /// An empty fragment.
    pub fn new() -> Html {
        Html(String::new())
    }

    /// Appends markup written in Noren's source (a literal: never config or page text).
    pub fn raw(&mut self, markup: &'static str) -> &mut Html {
        self.0.push_str(markup);
        self
    }

    /// Appends text, escaped for element content and double-quoted attribute values.
    pub fn text(&mut self, text: &str) -> &mut Html {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                c => self.0.push(c),
            }
        }
        self
    }

    /// Appends the attributes of an element in the notice's language: ` lang=<tag>`, and
    /// ` dir=rtl` for a language written right to left.
    pub fn lang(&mut self, lang: &Wording) -> &mut Html {
        self.raw(" lang=").text(&lang.lang);
        if lang.rtl() {
            self.raw(" dir=rtl");
        }
        self
    }

    /// Appends a fragment built with these same methods (so it is safe as well).
    pub fn append(&mut self, built: Html) -> &mut Html {
        self.0.push_str(&built.0);
        self
    }

    /// Appends a number.
    pub fn num(&mut self, n: usize) -> &mut Html {
        crate::decimal::push(&mut self.0, n as u64);
        self
    }

    /// The finished fragment.
    pub fn finish(self) -> String {
        self.0
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_open_tags_or_leave_attributes() {
        let mut h = Html::new();
        h.raw("<p title=\"")
            .text("\"><img src=x onerror=alert(1)>'&")
            .raw("\">")
            .text("</p><script>")
            .raw("</p>");
        assert_eq!(
            h.finish(),
            "<p title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;\">\
             &lt;/p&gt;&lt;script&gt;</p>"
        );
    }

    #[test]
    fn numbers_and_unicode_pass_through() {
        let mut h = Html::new();
        h.text("外部送信 ×").num(42);
        assert_eq!(h.finish(), "外部送信 ×42");
    }
}
