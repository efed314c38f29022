//! Diesel table definitions shared by the SQLite and PostgreSQL backends.

diesel::table! {
    portals (id) {
        id -> BigInt,
        name -> Text,
        locale -> Text,
        crm_enabled -> Bool,
        crm_open_to_all -> Bool,
        settings_version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        portal_id -> BigInt,
        email -> Text,
        name -> Text,
        sort_name -> Text,
        search_key -> Text,
        password_hash -> Text,
        locale -> Text,
        time_zone -> Text,
        role -> Text,
        active -> Bool,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    groups (id) {
        id -> BigInt,
        portal_id -> BigInt,
        name -> Text,
        sort_name -> Text,
        description -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    group_members (group_id, user_id) {
        portal_id -> BigInt,
        group_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    crm_user_grants (portal_id, user_id) {
        portal_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    crm_group_grants (portal_id, group_id) {
        portal_id -> BigInt,
        group_id -> BigInt,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        portal_id -> BigInt,
        user_id -> BigInt,
        family_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        portal_id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        scopes -> Text,
        prefix -> Text,
        token_hash -> Text,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        throttle_key -> Text,
        failed_at -> Timestamp,
    }
}

diesel::joinable!(users -> portals (portal_id));
diesel::joinable!(groups -> portals (portal_id));
diesel::joinable!(group_members -> groups (group_id));
diesel::joinable!(group_members -> users (user_id));
diesel::joinable!(crm_user_grants -> users (user_id));
diesel::joinable!(crm_group_grants -> groups (group_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    portals,
    users,
    groups,
    group_members,
    crm_user_grants,
    crm_group_grants,
    refresh_tokens,
    api_tokens,
    login_failures,
);
