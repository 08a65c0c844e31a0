package dev.totpmfa.userstorage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The provider's users and their passwords, from {@code username:password} values. */
final class FixedUsers {

    private final Map<String, String> passwords;

    private FixedUsers(Map<String, String> passwords) {
        this.passwords = passwords;
    }

    static FixedUsers parse(List<String> values) {
        Map<String, String> passwords = new HashMap<>();
        for (String value : values == null ? List.<String>of() : values) {
            int colon = value.indexOf(':');
            if (colon > 0) {
                passwords.put(value.substring(0, colon), value.substring(colon + 1));
            }
        }
        return new FixedUsers(passwords);
    }

    boolean exists(String username) {
        return username != null && passwords.containsKey(username);
    }

    boolean passwordMatches(String username, String given) {
        String password = passwords.get(username);
        return password != null && given != null && MessageDigest.isEqual(
                password.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
