//! The session context: who is signed in, what the CRM module offers them, and the language
//! of the interface. [`SessionProvider`] owns it; components read it with [`use_session`].

use std::rc::Rc;

use crm_api_types::{CrmModuleResponse, MeResponse, UpdateMeRequest};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::i18n::{Lang, Translate};
use crate::services::browser::{self, LANG_KEY};
use crate::services::{api, auth, format, tokens, ApiError};

/// Where the session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// Resuming a stored session at start-up.
    #[default]
    Starting,
    /// Nobody is signed in.
    SignedOut,
    /// A user is signed in; `me` is known.
    SignedIn,
}

/// The state behind the session context.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SessionState {
    lang: Lang,
    phase: Phase,
    me: Option<MeResponse>,
    crm: Option<Result<CrmModuleResponse, ApiError>>,
}

/// Changes to the session state.
pub enum SessionAction {
    SetLang(Lang),
    SignedIn(MeResponse),
    MeChanged(MeResponse),
    CrmLoaded(Result<CrmModuleResponse, ApiError>),
    SignedOut,
}

impl Reducible for SessionState {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            SessionAction::SetLang(lang) => next.lang = lang,
            SessionAction::SignedIn(me) => {
                format::show_times_in(Some(&me.user.time_zone));
                next.phase = Phase::SignedIn;
                next.me = Some(me);
                next.crm = None;
            }
            SessionAction::MeChanged(me) => {
                format::show_times_in(Some(&me.user.time_zone));
                next.me = Some(me);
            }
            SessionAction::CrmLoaded(crm) => next.crm = Some(crm),
            SessionAction::SignedOut => {
                format::show_times_in(None);
                next.phase = Phase::SignedOut;
                next.me = None;
                next.crm = None;
            }
        }
        Rc::new(next)
    }
}

/// The session as components see it.
#[derive(Clone, PartialEq, Default)]
pub struct Session {
    state: Rc<SessionState>,
    dispatch: Callback<SessionAction>,
}

impl Session {
    /// The interface language.
    pub fn lang(&self) -> Lang {
        self.state.lang
    }

    /// `text` (a key of any translation table) in the interface language.
    pub fn t(&self, text: impl Translate) -> &'static str {
        text.tr(self.state.lang)
    }

    /// Where the session stands.
    pub fn phase(&self) -> Phase {
        self.state.phase
    }

    /// The signed-in user, portal and roles.
    pub fn me(&self) -> Option<&MeResponse> {
        self.state.me.as_ref()
    }

    /// Today in the user's time zone (the browser's until the profile is loaded).
    pub fn today(&self) -> chrono::NaiveDate {
        crate::services::clock::today_in(
            self.me()
                .map(|me| me.user.time_zone.as_str())
                .unwrap_or_default(),
        )
    }

    /// Whether the user administers the portal (owners are admins too).
    pub fn is_admin(&self) -> bool {
        self.me()
            .is_some_and(|me| me.roles.iter().any(|r| r == "portal_admin" || r == "owner"))
    }

    /// Whether the user administers the CRM (its lists and tags), as the server says.
    pub fn is_crm_admin(&self) -> bool {
        matches!(self.crm(), Some(Ok(crm)) if crm.is_crm_admin)
    }

    /// Whether the server offers the CRM section `section` to the user.
    pub fn has_section(&self, section: &str) -> bool {
        matches!(self.crm(), Some(Ok(crm)) if crm.sections.iter().any(|s| s == section))
    }

    /// The CRM module as the user sees it, once loaded.
    pub fn crm(&self) -> Option<&Result<CrmModuleResponse, ApiError>> {
        self.state.crm.as_ref()
    }

    /// Switches the language, remembers it in this browser and saves it to the profile.
    pub fn set_lang(&self, lang: Lang) {
        browser::store(LANG_KEY, lang.code());
        self.dispatch.emit(SessionAction::SetLang(lang));
        if let Some(me) = self.me() {
            self.save_locale_if_needed(lang, me);
        }
    }

    /// Starts the session of a user who just signed in (or whose session was resumed).
    /// A language chosen in this browser wins over the profile's and is saved to it.
    pub fn signed_in(&self, me: MeResponse) {
        match browser::stored_lang() {
            Some(chosen) => {
                self.dispatch.emit(SessionAction::SetLang(chosen));
                self.save_locale_if_needed(chosen, &me);
            }
            None => {
                if let Some(lang) = Lang::from_code(&me.user.locale) {
                    browser::store(LANG_KEY, lang.code());
                    self.dispatch.emit(SessionAction::SetLang(lang));
                }
            }
        }
        self.dispatch.emit(SessionAction::SignedIn(me));
    }

    /// Replaces the user's data after they changed their profile.
    pub fn update_me(&self, me: MeResponse) {
        self.dispatch.emit(SessionAction::MeChanged(me));
    }

    /// Loads the CRM module again (after its settings changed).
    pub fn reload_crm(&self) {
        let dispatch = self.dispatch.clone();
        spawn_local(async move {
            let crm = api::get::<CrmModuleResponse>("/crm").await;
            dispatch.emit(SessionAction::CrmLoaded(crm));
        });
    }

    /// Signs out.
    pub fn logout(&self) {
        spawn_local(auth::logout(false, false));
        self.dispatch.emit(SessionAction::SignedOut);
    }

    /// Signs out on every device, and with `api_tokens` revokes the user's API tokens too.
    pub fn logout_everywhere(&self, api_tokens: bool) {
        spawn_local(auth::logout(true, api_tokens));
        self.dispatch.emit(SessionAction::SignedOut);
    }

    fn save_locale_if_needed(&self, lang: Lang, me: &MeResponse) {
        if me.user.locale == lang.code() {
            return;
        }
        let dispatch = self.dispatch.clone();
        let version = me.user.version;
        spawn_local(async move {
            if let Ok(me) = save_locale(lang, version).await {
                dispatch.emit(SessionAction::MeChanged(me));
            }
        });
    }
}

/// Saves the language to the profile; on a version clash, reloads the profile and tries once more.
async fn save_locale(lang: Lang, version: i64) -> Result<MeResponse, ApiError> {
    let change = |version| UpdateMeRequest {
        locale: Some(lang.code().to_owned()),
        version: Some(version),
        ..Default::default()
    };
    match api::patch("/me", &change(version)).await {
        Err(error) if error.is_version_mismatch() => {
            let me: MeResponse = api::get("/me").await?;
            api::patch("/me", &change(me.user.version)).await
        }
        other => other,
    }
}

/// Resumes a session from the stored refresh token.
async fn resume(session: Session) {
    let me = match auth::refresh().await {
        Ok(()) => api::get::<MeResponse>("/me").await,
        Err(error) => Err(error),
    };
    match me {
        Ok(me) => session.signed_in(me),
        Err(_) => session.dispatch.emit(SessionAction::SignedOut),
    }
}

/// Properties of [`SessionProvider`].
#[derive(Properties, PartialEq)]
pub struct SessionProviderProps {
    /// The app.
    pub children: Html,
}

/// Owns the session and offers it to the components below.
#[component]
pub fn SessionProvider(props: &SessionProviderProps) -> Html {
    let state = use_reducer(|| SessionState {
        lang: browser::initial_lang(),
        phase: if tokens::refresh_token().is_some() {
            Phase::Starting
        } else {
            Phase::SignedOut
        },
        me: None,
        crm: None,
    });
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| dispatcher.to_callback())
    };
    let session = Session {
        state: Rc::new((*state).clone()),
        dispatch: (*dispatch).clone(),
    };

    {
        let session = session.clone();
        use_effect_with((), move |_| {
            let dispatch = session.dispatch.clone();
            tokens::on_session_lost(Callback::from(move |()| {
                dispatch.emit(SessionAction::SignedOut);
            }));
            if session.phase() == Phase::Starting {
                spawn_local(resume(session));
            }
        });
    }
    use_effect_with(state.lang, |lang| browser::set_document_lang(*lang));
    {
        let session = session.clone();
        let user_id = state.me.as_ref().map(|me| me.user.id);
        use_effect_with((state.phase, user_id), move |(phase, _)| {
            if *phase == Phase::SignedIn {
                session.reload_crm();
            }
        });
    }

    html! {
        <ContextProvider<Session> context={session}>
            { props.children.clone() }
        </ContextProvider<Session>>
    }
}

/// The session context. Outside a [`SessionProvider`] this is an empty, signed-out session.
#[hook]
pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_default()
}
