package dev.totpmfa.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce per seal. The {@link SecretBinding} is authenticated as associated data
 * but not stored, so a sealed secret copied onto another credential row, user, realm or type fails to open.
 */
public final class SecretSealer {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecureRandom random;

    public SecretSealer(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Seals in the current format ({@code v2}). */
    public SealedSecret seal(SealingKey key, byte[] plaintext, SecretBinding binding) {
        return seal(SealedSecret.CURRENT, key, plaintext, binding);
    }

    /** Any format, so tests can make the rows an earlier release wrote. */
    SealedSecret seal(int format, SealingKey key, byte[] plaintext, SecretBinding binding) {
        byte[] nonce = new byte[SealedSecret.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] ciphertext = run(Cipher.ENCRYPT_MODE, key, nonce, binding.associatedData(format), plaintext);
        return new SealedSecret(format, key.id(), nonce, ciphertext);
    }

    /**
     * Opens either format: {@code v1} authenticated the credential id of the binding only.
     *
     * @param key the key whose id {@link SealedSecret#keyId()} names
     * @throws SealingException when the ciphertext, the key or the binding do not match
     */
    public byte[] open(SealingKey key, SealedSecret sealed, SecretBinding binding) {
        if (!key.id().equals(sealed.keyId())) {
            throw new SealingException("Secret was sealed with key '" + sealed.keyId() + "', not '" + key.id() + "'");
        }
        return run(Cipher.DECRYPT_MODE, key, sealed.nonce(), binding.associatedData(sealed.format()),
                sealed.ciphertext());
    }

    private static byte[] run(int mode, SealingKey key, byte[] nonce, byte[] associatedData, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, new SecretKeySpec(key.keyBytes(), "AES"),
                    new GCMParameterSpec(SealedSecret.TAG_BYTES * 8, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // The cause says only "Tag mismatch" or similar; it carries no key or plaintext.
            throw new SealingException("Cannot " + (mode == Cipher.ENCRYPT_MODE ? "seal" : "open")
                    + " secret with key '" + key.id() + "'", e);
        }
    }
}
