package dev.totpmfa.crypto;

/** A secret could not be sealed or opened; the message names key ids only, never material. */
public final class SealingException extends RuntimeException {

    public SealingException(String message) {
        super(message);
    }

    public SealingException(String message, Throwable cause) {
        super(message, cause);
    }
}
