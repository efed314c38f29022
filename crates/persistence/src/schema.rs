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
        time_zone_chosen -> Bool,
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

diesel::table! {
    list_items (id) {
        id -> BigInt,
        portal_id -> BigInt,
        list_kind -> Text,
        title -> Text,
        sort_title -> Text,
        color -> Nullable<Text>,
        position -> BigInt,
        icon -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    contacts (id) {
        id -> BigInt,
        portal_id -> BigInt,
        kind -> Text,
        first_name -> Text,
        last_name -> Text,
        company_name -> Text,
        display_name -> Text,
        sort_name -> Text,
        search_key -> Text,
        job_title -> Text,
        notes -> Text,
        industry -> Text,
        company_id -> Nullable<BigInt>,
        type_id -> Nullable<BigInt>,
        temperature_id -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        access -> Text,
        created_by -> BigInt,
        updated_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_activity_at -> Timestamp,
        version -> BigInt,
        photo_file_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// Members of a record: a contact's managers, the users a restricted record is open to.
    record_members (portal_id, record_kind, record_id, user_id) {
        portal_id -> BigInt,
        record_kind -> Text,
        record_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    contact_details (id) {
        id -> BigInt,
        portal_id -> BigInt,
        contact_id -> BigInt,
        kind -> Text,
        category -> Text,
        value -> Text,
        normalized -> Text,
        network -> Nullable<Text>,
        is_primary -> Bool,
        position -> BigInt,
        street -> Nullable<Text>,
        city -> Nullable<Text>,
        region -> Nullable<Text>,
        postcode -> Nullable<Text>,
        country -> Nullable<Text>,
    }
}

diesel::table! {
    tags (id) {
        id -> BigInt,
        portal_id -> BigInt,
        record_kind -> Text,
        name -> Text,
        name_key -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Tags on records of every kind.
    record_tags (portal_id, record_kind, record_id, tag_id) {
        portal_id -> BigInt,
        record_kind -> Text,
        record_id -> BigInt,
        tag_id -> BigInt,
    }
}

diesel::table! {
    contact_references (id) {
        id -> BigInt,
        portal_id -> BigInt,
        contact_id -> BigInt,
        referrer_kind -> Text,
        referrer_id -> BigInt,
    }
}

diesel::table! {
    files (id) {
        id -> BigInt,
        portal_id -> BigInt,
        storage_key -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    history_entries (id) {
        id -> BigInt,
        portal_id -> BigInt,
        record_kind -> Text,
        record_id -> BigInt,
        category_id -> Nullable<BigInt>,
        content -> Text,
        author_id -> BigInt,
        happened_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        event -> Nullable<Text>,
        task_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    history_attachments (entry_id, file_id) {
        portal_id -> BigInt,
        entry_id -> BigInt,
        file_id -> BigInt,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        portal_id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        params -> Text,
        read_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    custom_fields (id) {
        id -> BigInt,
        portal_id -> BigInt,
        record_kind -> Text,
        label -> Text,
        field_type -> Text,
        options -> Text,
        next_option_id -> BigInt,
        position -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    custom_values (field_id, record_id) {
        portal_id -> BigInt,
        field_id -> BigInt,
        record_kind -> Text,
        record_id -> BigInt,
        value_text -> Nullable<Text>,
        value_key -> Nullable<Text>,
        value_number -> Nullable<BigInt>,
        value_bool -> Nullable<Bool>,
        value_option -> Nullable<BigInt>,
    }
}

diesel::table! {
    tasks (id) {
        id -> BigInt,
        portal_id -> BigInt,
        title -> Text,
        sort_title -> Text,
        description -> Text,
        category_id -> BigInt,
        responsible_id -> BigInt,
        deadline -> Timestamp,
        reminder -> Text,
        remind_at -> Nullable<Timestamp>,
        reminded_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        closed_by -> Nullable<BigInt>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        about_kind -> Nullable<Text>,
        about_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    jobs (id) {
        id -> BigInt,
        portal_id -> Nullable<BigInt>,
        kind -> Text,
        payload -> Text,
        state -> Text,
        attempts -> BigInt,
        max_attempts -> BigInt,
        run_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        worker -> Nullable<Text>,
        progress_done -> BigInt,
        progress_total -> BigInt,
        result -> Nullable<Text>,
        error -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    calendar_feeds (user_id) {
        user_id -> BigInt,
        portal_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Ordered sets of deal stages.
    pipelines (id) {
        id -> BigInt,
        portal_id -> BigInt,
        name -> Text,
        sort_name -> Text,
        position -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    /// The stages of a pipeline.
    deal_stages (id) {
        id -> BigInt,
        portal_id -> BigInt,
        pipeline_id -> BigInt,
        name -> Text,
        sort_name -> Text,
        description -> Text,
        color -> Text,
        probability -> Integer,
        status -> Text,
        position -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    /// Deals; money in units of 1/10000.
    deals (id) {
        id -> BigInt,
        portal_id -> BigInt,
        title -> Text,
        sort_title -> Text,
        description -> Text,
        contact_id -> Nullable<BigInt>,
        responsible_id -> BigInt,
        pipeline_id -> BigInt,
        stage_id -> BigInt,
        probability -> Integer,
        currency -> Text,
        amount -> BigInt,
        bid_type -> Text,
        periods -> Integer,
        value -> BigInt,
        expected_close_on -> Nullable<Date>,
        actual_close_on -> Nullable<Date>,
        access -> Text,
        created_by -> BigInt,
        updated_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_activity_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    /// Cases: events with a group of clients.
    cases (id) {
        id -> BigInt,
        portal_id -> BigInt,
        title -> Text,
        sort_title -> Text,
        closed -> Bool,
        closed_at -> Nullable<Timestamp>,
        access -> Text,
        created_by -> BigInt,
        updated_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_activity_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    /// Projects: the work a deal turns into.
    projects (id) {
        id -> BigInt,
        portal_id -> BigInt,
        title -> Text,
        sort_title -> Text,
        description -> Text,
        status -> Text,
        deadline -> Nullable<Date>,
        deal_id -> Nullable<BigInt>,
        manager_id -> BigInt,
        access -> Text,
        created_by -> BigInt,
        updated_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_activity_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    /// The contacts a record involves: a deal's client and members, a case's participants.
    record_contacts (portal_id, record_kind, record_id, contact_id) {
        portal_id -> BigInt,
        record_kind -> Text,
        record_id -> BigInt,
        contact_id -> BigInt,
    }
}

diesel::table! {
    /// Every stage a deal entered, when and by whom.
    deal_stage_changes (id) {
        id -> BigInt,
        portal_id -> BigInt,
        deal_id -> BigInt,
        from_stage_id -> Nullable<BigInt>,
        to_stage_id -> Nullable<BigInt>,
        probability -> Integer,
        changed_by -> BigInt,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    /// Money settings of a portal: its default currency.
    billing_settings (portal_id) {
        portal_id -> BigInt,
        default_currency -> Text,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    /// Exchange rates, each valid from a day until the next of its pair.
    exchange_rates (id) {
        id -> BigInt,
        portal_id -> BigInt,
        from_currency -> Text,
        to_currency -> Text,
        rate -> Text,
        valid_from -> Date,
        source -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Taxes with their rate in percent.
    taxes (id) {
        id -> BigInt,
        portal_id -> BigInt,
        name -> Text,
        name_key -> Text,
        rate -> Text,
        description -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    /// How a portal numbers its invoices and what a new one says by default.
    invoice_settings (portal_id) {
        portal_id -> BigInt,
        auto_numbering -> Bool,
        prefix -> Text,
        next_number -> BigInt,
        number_width -> Integer,
        due_days -> Integer,
        terms -> Text,
        notes -> Text,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    /// Invoices.
    invoices (id) {
        id -> BigInt,
        portal_id -> BigInt,
        number -> Text,
        number_key -> Text,
        status -> Text,
        issue_date -> Date,
        due_date -> Date,
        client_id -> BigInt,
        billing_address -> Text,
        consignee_id -> Nullable<BigInt>,
        delivery_address -> Text,
        deal_id -> Nullable<BigInt>,
        language -> Text,
        currency -> Text,
        exchange_rate -> Nullable<Text>,
        base_currency -> Text,
        purchase_order -> Text,
        terms -> Text,
        notes -> Text,
        subtotal -> BigInt,
        discount -> BigInt,
        tax -> BigInt,
        total -> BigInt,
        sent_at -> Nullable<Timestamp>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_activity_at -> Timestamp,
        version -> BigInt,
        public_token_hash -> Nullable<Text>,
        public_since -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// The lines of invoices.
    invoice_lines (id) {
        id -> BigInt,
        portal_id -> BigInt,
        invoice_id -> BigInt,
        position -> Integer,
        product_id -> Nullable<BigInt>,
        description -> Text,
        quantity -> BigInt,
        price -> BigInt,
        discount -> Text,
        tax1_id -> Nullable<BigInt>,
        tax1_rate -> Nullable<Text>,
        tax1_amount -> BigInt,
        tax2_id -> Nullable<BigInt>,
        tax2_rate -> Nullable<Text>,
        tax2_amount -> BigInt,
        amount -> BigInt,
        net -> BigInt,
        total -> BigInt,
    }
}

diesel::table! {
    /// Payments recorded against invoices.
    invoice_payments (id) {
        id -> BigInt,
        portal_id -> BigInt,
        invoice_id -> BigInt,
        paid_on -> Date,
        amount -> BigInt,
        method -> Text,
        note -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// The catalog of products and services.
    products (id) {
        id -> BigInt,
        portal_id -> BigInt,
        title -> Text,
        sort_title -> Text,
        search_text -> Text,
        description -> Text,
        sku -> Text,
        price -> BigInt,
        currency -> Text,
        tax1_id -> Nullable<BigInt>,
        tax2_id -> Nullable<BigInt>,
        track_stock -> Bool,
        stock -> BigInt,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    /// The organisation a portal invoices as.
    organisation_profiles (portal_id) {
        portal_id -> BigInt,
        name -> Text,
        address -> Text,
        tax_id -> Text,
        bank_details -> Text,
        logo_file_id -> Nullable<BigInt>,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
        version -> BigInt,
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
diesel::joinable!(contact_details -> contacts (contact_id));
diesel::joinable!(record_tags -> tags (tag_id));
diesel::joinable!(history_attachments -> history_entries (entry_id));
diesel::joinable!(history_attachments -> files (file_id));
diesel::joinable!(custom_values -> custom_fields (field_id));
diesel::joinable!(tasks -> list_items (category_id));
diesel::joinable!(deal_stages -> pipelines (pipeline_id));
diesel::joinable!(deals -> deal_stages (stage_id));
diesel::joinable!(invoice_lines -> invoices (invoice_id));
diesel::joinable!(invoice_payments -> invoices (invoice_id));
diesel::joinable!(record_contacts -> contacts (contact_id));

diesel::allow_tables_to_appear_in_same_query!(
    billing_settings,
    exchange_rates,
    organisation_profiles,
    products,
    invoice_settings,
    invoices,
    invoice_lines,
    invoice_payments,
    taxes,
    cases,
    projects,
    pipelines,
    deal_stages,
    deals,
    record_contacts,
    deal_stage_changes,
    tasks,
    jobs,
    calendar_feeds,
    portals,
    users,
    groups,
    group_members,
    crm_user_grants,
    crm_group_grants,
    refresh_tokens,
    api_tokens,
    login_failures,
    list_items,
    contacts,
    record_members,
    contact_details,
    tags,
    record_tags,
    contact_references,
    files,
    history_entries,
    history_attachments,
    notifications,
    custom_fields,
    custom_values,
);
