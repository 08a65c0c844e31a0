package dev.totpmfa.lockout;

/**
 * How much of the code space the failed guesses of one run have covered. One guess against {@code d} devices
 * with a window of {@code w} steps each side is compared with {@code (2w+1)*d} valid codes, so it is worth that
 * many "codes covered". The ceiling allows what {@link #GUESSES} guesses against one device with {@code w=1}
 * cover, whatever the realm's window and the number of devices: an attacker's chance of success before the
 * ceiling never exceeds that of those {@value #GUESSES} guesses.
 */
public final class GuessBudget {

    /** Guesses against one device with a window of one step each side (NIST SP 800-63B §5.2.2). */
    public static final int GUESSES = 100;
    /** Codes covered by {@link #GUESSES} such guesses. */
    public static final int CODES = GUESSES * 3;

    private GuessBudget() {
    }

    /** Codes one guess is compared with. A guess is never worth less than one code. */
    public static int weight(int window, int devices) {
        return Math.max(1, (2 * Math.max(0, window) + 1) * Math.max(1, devices));
    }

    /** Whether a guess of {@code weight} may still be evaluated after {@code spent} codes covered. */
    public static boolean fits(int spent, int weight) {
        return (long) spent + weight <= CODES;
    }

    /** Whether not even a guess against a single device fits any more: the ceiling is reached. */
    public static boolean exhausted(int spent, int window) {
        return !fits(spent, weight(window, 1));
    }
}
