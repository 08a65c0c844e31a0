package dev.totpmfa.it.load;

import java.time.Duration;

/**
 * What one run of {@link LoginLoadBenchmark} does, from system properties ({@code -Dload.…} on the Maven command
 * line). {@code -Dload.short=true} changes the defaults to a quick look (about two minutes after the server start);
 * any property given still wins.
 *
 * @param users enrolled users per arm; each may log in once per time step, so with the window this caps the rate
 *        (the report says when a client thread had to wait for a user)
 * @param window the realms' look-around window in steps (Keycloak's default is 1): a user may send the codes of this
 *        many steps ahead at once, so that a few hundred users carry a minute of logins at the full rate
 * @param threads client threads, each one login after the other (a closed loop)
 * @param setupThreads client threads while users enrol: a setup page is shown once per user, not under a login
 *        storm, so its server time is measured with as many clients as the machine has cores, not six
 * @param rounds rounds of code logins per arm, the arms alternating
 * @param round length of one round
 * @param warmup one unmeasured round per arm before the first, for the JIT
 * @param directGrant length of each of the two direct-grant rounds per arm
 * @param recovery how long recovery-code logins run (ours only: Keycloak's form has no recovery code)
 * @param postgres the server's database: the machine's PostgreSQL ({@code -Dload.db=postgres}, a fresh database
 *        dropped afterwards), as a production server would have; otherwise H2, as in the ITs
 */
record LoadSettings(int users, int window, int threads, int setupThreads, int rounds, Duration round, Duration warmup,
        Duration directGrant,
        Duration recovery, boolean postgres) {

    static LoadSettings fromSystemProperties() {
        boolean quick = Boolean.getBoolean("load.short");
        return new LoadSettings(
                Integer.getInteger("load.users", quick ? 300 : 2000),
                Integer.getInteger("load.window", 10),
                Integer.getInteger("load.threads", 6),
                Integer.getInteger("load.setupThreads", 2),
                Integer.getInteger("load.rounds", quick ? 1 : 3),
                // Up to about 450 requests/s per arm on this machine: 2,000 users with 11 steps each, plus a new step
                // per 30 s, carry the warm-up, the rounds and the direct grants without a wait for a user (1,000
                // did not: the faster arm ran out of steps and then measured a less loaded server).
                seconds("load.roundSeconds", quick ? 8 : 12),
                seconds("load.warmupSeconds", 5),
                seconds("load.directGrantSeconds", quick ? 4 : 6),
                seconds("load.recoverySeconds", quick ? 4 : 8),
                postgres(System.getProperty("load.db", "h2")));
    }

    private static boolean postgres(String db) {
        return switch (db) {
            case "postgres" -> true;
            case "h2" -> false;
            default -> throw new IllegalArgumentException("load.db must be h2 or postgres, not '" + db + "'");
        };
    }

    private static Duration seconds(String property, int defaultSeconds) {
        return Duration.ofSeconds(Integer.getInteger(property, defaultSeconds));
    }

    String describe() {
        return "database " + (postgres ? "PostgreSQL (the machine's)" : "H2") + ", users per arm " + users
                + ", OTP window " + window + " steps, client threads " + threads
                + ", login rounds per arm " + rounds + " x "
                + round.toSeconds() + " s (warm-up " + warmup.toSeconds() + " s), direct grant 2 x "
                + directGrant.toSeconds() + " s, recovery-code logins " + recovery.toSeconds() + " s";
    }
}
