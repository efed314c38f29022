//! A hook that fetches an API file with the Bearer token and offers it as an object URL
//! (for `<img src>`), freeing the old URL when the file changes or the component goes.

use std::cell::Cell;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::transfer;

/// The object URL of the file at `path` (an address the API gave out), once fetched; `None`
/// while there is no path, while loading the first time, or when the fetch failed.
#[hook]
pub fn use_object_url(path: Option<String>) -> Option<String> {
    let shown = use_state(|| None::<String>);
    // The URL to revoke once it is replaced or the component unmounts.
    let held = use_mut_ref(|| None::<String>);
    {
        let (shown, held) = (shown.clone(), held.clone());
        use_effect_with(path, move |path| {
            let current = Rc::new(Cell::new(true));
            let (path, still_current) = (path.clone(), Rc::clone(&current));
            spawn_local(async move {
                let made = match path {
                    Some(path) => transfer::object_url(&path).await.ok(),
                    None => None,
                };
                if !still_current.get() {
                    if let Some(made) = made {
                        transfer::revoke(&made);
                    }
                    return;
                }
                let old = held.replace(made.clone());
                shown.set(made);
                if let Some(old) = old {
                    transfer::revoke(&old);
                }
            });
            move || current.set(false)
        });
    }
    {
        let held = held.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(url) = held.borrow_mut().take() {
                    transfer::revoke(&url);
                }
            }
        });
    }
    (*shown).clone()
}
