package dev.totpmfa.it.load;

import dev.totpmfa.it.support.TestRealm;

/**
 * One side of the comparison: a realm, the id of its code form, its users and the public client for the direct
 * grant.
 */
record Arm(String label, TestRealm realm, String codeForm, LoadUsers users, String tokenUrl) {

    static final String DIRECT_GRANT_CLIENT = "load-direct-grant";

    String name() {
        return realm.name();
    }
}
