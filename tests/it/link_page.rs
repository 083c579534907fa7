//! The link page a `/connect` link opens: which permissions Pulse asks Instagram for, and
//! why, before the person goes on to Instagram.

use pulse_tests::{connect_link, spawn_app};
use reqwest::header::LOCATION;
use reqwest::StatusCode;

#[tokio::test]
async fn the_link_page_names_each_permission_and_why_pulse_needs_it() {
    let app = spawn_app().await;
    let http = app.http();
    let link = connect_link(&app.say_in(&bot::console::console_chat(), "/connect").await).unwrap();
    let page = http.get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let body = page.text().await.unwrap();
    let start = body
        .find("<ul id=\"permissions\">")
        .expect("a list of permissions");
    let list = &body[start..start + body[start..].find("</ul>").unwrap()];
    let items: Vec<&str> = list.split("<li>").skip(1).collect();
    let expected = [
        ("Profile and media", "instagram_business_basic", "posts"),
        ("Insights", "instagram_business_manage_insights", "figures"),
        (
            "Manage comments",
            "instagram_business_manage_comments",
            "reply to one or hide it only when someone in the chat taps Reply or Hide",
        ),
        (
            "Manage messages",
            "instagram_business_manage_messages",
            "private reply to a commenter, only when someone in the chat taps DM",
        ),
        (
            "Publish content",
            "instagram_business_content_publish",
            "publish a post someone in the chat scheduled, only at the time they chose",
        ),
    ];
    assert_eq!(items.len(), expected.len(), "{list}");
    for (item, (name, scope, why)) in items.iter().zip(expected) {
        assert!(
            item.starts_with(&format!("<b>{name}</b> (<code>{scope}</code>): ")),
            "{item}"
        );
        assert!(item.contains(why), "{item}");
    }
    assert!(body.contains("pressed <b>Send</b>"), "{body}");
    assert!(!body.contains("never posts anything"), "{body}");

    // Every permission Instagram is asked for is one the page explains.
    let go = http.get(format!("{link}/go")).send().await.unwrap();
    let authorize = url::Url::parse(go.headers()[LOCATION].to_str().unwrap()).unwrap();
    let scopes = authorize
        .query_pairs()
        .find(|(key, _)| key == "scope")
        .map(|(_, value)| value.into_owned())
        .expect("a scope");
    for scope in scopes.split(',') {
        assert!(
            list.contains(&format!("<code>{scope}</code>")),
            "{scope} is asked for but not explained: {list}"
        );
    }
    app.stop().await;
}
