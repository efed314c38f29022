//! The macro that declares a table of translated strings.

/// Declares an enum of text keys with a Russian and an English string per key, its `ALL`
/// list, `tr(lang)` and the [`Translate`](crate::i18n::Translate) trait. Leaving out either
/// language fails to match the macro: a missing translation is a compile error.
macro_rules! define_texts {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($key:ident => $ru:literal, $en:literal;)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $(#[doc = $en] $key,)*
        }

        impl $name {
            /// Every key, in declaration order.
            #[allow(dead_code)] // used by the tests
            pub const ALL: &'static [$name] = &[$($name::$key,)*];

            /// The string in `lang`.
            pub fn tr(self, lang: $crate::i18n::Lang) -> &'static str {
                let (ru, en) = match self {
                    $($name::$key => ($ru, $en),)*
                };
                match lang {
                    $crate::i18n::Lang::Ru => ru,
                    $crate::i18n::Lang::En => en,
                }
            }
        }

        impl $crate::i18n::Translate for $name {
            fn tr(self, lang: $crate::i18n::Lang) -> &'static str {
                $name::tr(self, lang)
            }
        }
    };
}
