package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.totpmfa.it.support.AdminCalls;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.Postgres;
import dev.totpmfa.it.support.TestRealm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Not part of any build (its name does not end in IT): times the admin API's counts and pages on a realm of 100,000
 * users in PostgreSQL, written with SQL straight into Keycloak's tables. Run it alone:
 * {@code mvn -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -DskipClusterIT=true
 * -DskipOtherKeycloakVersions=true -DskipUpgradeIT=true -Dit.test=AdminUsersQueryBenchmark}; the figures go to
 * docs/BENCHMARKS.md.
 */
@KeycloakIT
class AdminUsersQueryBenchmark {

    private static final int USERS = 100_000;
    private static final int RUNS = 5;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void countsAndPagesOfOneHundredThousandUsers(KeycloakTarget keycloak, AdminApi admin) throws Exception {
        assumeTrue(keycloak.supportsRestart(), "the target cannot be restarted with other options");
        Postgres.Database database = Postgres.createDatabase("totpmfa_bench");
        try {
            keycloak.restart(database.serverOptions());
            TestRealm realm = TestRealm.create(keycloak, admin, "bench");
            String realmId = database.query("select id from realm where name = '" + realm.name() + "'");
            database.query("insert into user_entity (id, username, realm_id, enabled, email_verified,"
                    + " email_constraint, created_timestamp, not_before) select 'bench-' || i,"
                    + " 'user' || lpad(i::text, 6, '0'), '" + realmId + "', true, false, 'bench-' || i, 0, 0"
                    + " from generate_series(1, " + USERS + ") i");
            boolean versioned = "1".equals(database.query("select count(*) from information_schema.columns"
                    + " where table_name = 'credential' and column_name = 'version'"));
            String columns = "id, type, user_id, created_date, credential_data, secret_data, priority"
                    + (versioned ? ", version" : "");
            String version = versioned ? ", 0" : "";
            // 40 % enrolled with a recovery-code set (0 to 10 left), 10 % Keycloak's OTP only, 50 % nothing.
            database.query("insert into credential (" + columns + ") select 'd-' || i, 'totp-mfa', 'bench-' || i,"
                    + " 0, '{}', '{}', 10" + version + " from generate_series(1, " + USERS + ") i where i % 10 < 4");
            database.query("insert into credential (" + columns + ") select 'r-' || i, 'totp-mfa-recovery-codes',"
                    + " 'bench-' || i, 0, '{\"formatVersion\":2,\"issued\":10,\"remaining\":' || (i % 11)"
                    + " || ',\"created\":0}', '{}', 20" + version + " from generate_series(1, " + USERS
                    + ") i where i % 10 < 4");
            database.query("insert into credential (" + columns + ") select 'o-' || i, 'otp', 'bench-' || i, 0,"
                    + " '{}', '{}', 10" + version + " from generate_series(1, " + USERS + ") i where i % 10 = 4");
            database.query("insert into user_attribute (id, name, value, user_id) select 'a-' || i,"
                    + " 'totp-mfa-lockout', 'v1:6:18:' || (extract(epoch from now()) * 1000)::bigint, 'bench-' || i"
                    + " from generate_series(1, " + USERS + ") i where i % 500 = 1");
            database.query("analyze");

            String token = AdminCalls.token(keycloak, "master", keycloak.adminUser(), keycloak.adminPassword());
            String base = keycloak.baseUrl() + "/admin/realms/" + realm.name() + "/totp-mfa/";
            for (String path : List.of("summary", "users?first=0&max=100", "users?first=99900&max=100",
                    "users?state=enrolled&first=20000&max=100", "users?state=none&first=0&max=100",
                    "users?state=builtin&first=9900&max=100", "users?state=low-codes&first=0&max=100",
                    "users?state=locked&first=0&max=100")) {
                get(base + path, token);
                long best = Long.MAX_VALUE;
                long total = 0;
                for (int run = 0; run < RUNS; run++) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = get(base + path, token);
                    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    best = Math.min(best, millis);
                    total += millis;
                }
                System.out.printf("[bench] GET %-45s best %5d ms, mean %5d ms; %s%n", path, best, total / RUNS,
                        path.equals("summary") ? get(base + path, token).body() : "");
            }
        } finally {
            keycloak.restart(List.of());
            database.drop();
        }
    }

    private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
