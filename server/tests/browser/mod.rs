//! A minimal browser for the integration tests: keeps cookies, does not
//! follow redirects (so tests see them), and finds the CSRF token in a page
//! the way a form would carry it.

#![allow(dead_code)]

use reqwest::{header, Client, Response, StatusCode};
use std::collections::BTreeMap;

pub struct Browser {
    base: String,
    client: Client,
    pub cookies: BTreeMap<String, String>,
}

impl Browser {
    pub fn new(base: String) -> Self {
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(15))
            .build()
            .unwrap();
        Self { base, client, cookies: BTreeMap::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn remember(&mut self, response: &Response) {
        for value in response.headers().get_all(header::SET_COOKIE) {
            let pair = value.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> (StatusCode, String) {
        let response =
            self.client.get(format!("{}{path}", self.base)).header(header::COOKIE, self.cookie_header()).send().await.unwrap();
        self.remember(&response);
        (response.status(), response.text().await.unwrap())
    }

    /// Keeps the answer's cookies; its status, `Location` (if a redirect) and body.
    async fn answer(&mut self, response: Response) -> (StatusCode, Option<String>, String) {
        self.remember(&response);
        let location = response.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_owned());
        (response.status(), location, response.text().await.unwrap())
    }

    /// Posts a form; the status, the `Location` (if a redirect) and the body.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, Option<String>, String) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(header::COOKIE, self.cookie_header())
            .form(fields)
            .send()
            .await
            .unwrap();
        self.answer(response).await
    }

    pub async fn post_multipart(&mut self, path: &str, form: reqwest::multipart::Form) -> (StatusCode, Option<String>, String) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(header::COOKIE, self.cookie_header())
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.answer(response).await
    }

    /// The CSRF token of the forms on `path`, fetching the page first.
    pub async fn csrf_token(&mut self, path: &str) -> String {
        let (_, html) = self.get(path).await;
        csrf_in(&html).unwrap_or_else(|| panic!("{path} has a form with a CSRF token:\n{html}"))
    }

    /// Signs up through the form and stays logged in.
    pub async fn sign_up(&mut self, username: &str, password: &str) {
        let csrf = self.csrf_token("/signup").await;
        let (status, location, body) = self
            .post_form("/signup", &[("csrf_token", &csrf), ("name", "Form User"), ("username", username), ("password", password)])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert_eq!(location.as_deref(), Some("/manage/videos"));
    }
}

/// The value of the first `csrf_token` field in `html`.
pub fn csrf_in(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

/// The `content` of `<meta name="user-token">`, if the page has one.
pub fn user_token_in(html: &str) -> Option<String> {
    let marker = "<meta name=\"user-token\" content=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}
