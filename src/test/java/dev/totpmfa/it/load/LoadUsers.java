package dev.totpmfa.it.load;

import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.otp.Totp;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The enrolled users of one arm, handed out so that no user sends a code for a time step the server has seen from
 * them: both Keycloak's form and ours accept a code once per user and step. A user may use the current step or one
 * up to the realms' window ahead, never one before, which could expire on the way.
 */
final class LoadUsers {

    /** A user, the phone's codes and the last step a code was sent for. */
    static final class User {
        final TestUser account;
        final TotpDevice phone;
        final List<String> recoveryCodes;
        private final Totp totp;
        private final int window;
        private long lastStep = Long.MIN_VALUE;

        User(TestUser account, TotpDevice phone, List<String> recoveryCodes, int window) {
            this.account = account;
            this.phone = phone;
            this.recoveryCodes = new ArrayList<>(recoveryCodes);
            this.totp = new Totp(phone.parameters(), Clock.systemUTC());
            this.window = window;
        }

        /** A code of a step not used yet, or null when every step from now to the window's end is spent. */
        String takeCode() {
            long now = totp.currentStep();
            long step = Math.max(now, lastStep + 1);
            if (step > now + window) {
                return null;
            }
            lastStep = step;
            return totp.codeAt(phone.secret(), step);
        }
    }

    /** A user and the code to send now. */
    record Turn(User user, String code) {
    }

    private final Deque<User> queue = new ArrayDeque<>();
    private final AtomicLong waits = new AtomicLong();

    synchronized void add(User user) {
        queue.addLast(user);
    }

    synchronized int size() {
        return queue.size();
    }

    /**
     * The next user (round robin) who has a fresh step, with its code; waits while every user has spent both steps.
     * The caller gives the user back with {@link #giveBack}.
     */
    Turn take() throws InterruptedException {
        while (true) {
            synchronized (this) {
                for (int i = 0; i < queue.size(); i++) {
                    User user = queue.pollFirst();
                    String code = user.takeCode();
                    if (code != null) {
                        return new Turn(user, code);
                    }
                    queue.addLast(user);
                }
            }
            waits.incrementAndGet();
            Thread.sleep(50);
        }
    }

    synchronized void giveBack(User user) {
        queue.addLast(user);
    }

    /** How often a client thread found no user with a fresh step (non-zero: too few users for the rate). */
    long waits() {
        return waits.get();
    }

    /** A recovery code not used yet, of the user next in turn; null when none is left. */
    synchronized RecoveryTurn takeRecoveryCode() {
        for (int i = 0; i < queue.size(); i++) {
            User user = queue.pollFirst();
            queue.addLast(user);
            if (!user.recoveryCodes.isEmpty()) {
                return new RecoveryTurn(user.account, user.recoveryCodes.remove(0));
            }
        }
        return null;
    }

    /** A user and one of their unused recovery codes. */
    record RecoveryTurn(TestUser account, String code) {
    }
}
