package com.valet.web;

import java.util.Set;

/**
 * The staff roles a Supabase user can carry in {@code app_metadata.roles} (which only the service key can
 * write). A user with none of them is a customer.
 */
public final class StaffRoles {
    public static final String DRIVER = "driver";
    public static final String WAREHOUSE = "warehouse";
    public static final String ADMIN = "admin";
    public static final Set<String> ALL = Set.of(DRIVER, WAREHOUSE, ADMIN);

    private StaffRoles() {
    }
}
