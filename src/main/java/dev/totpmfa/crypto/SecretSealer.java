package dev.totpmfa.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce per seal. The caller's associated data (the credential id) is
 * authenticated but not stored, so a sealed secret copied onto another credential row fails to open.
 */
public final class SecretSealer {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecureRandom random;

    public SecretSealer(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public SealedSecret seal(SealingKey key, byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[SealedSecret.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] ciphertext = run(Cipher.ENCRYPT_MODE, key, nonce, associatedData, plaintext);
        return new SealedSecret(key.id(), nonce, ciphertext);
    }

    /**
     * @param key the key whose id {@link SealedSecret#keyId()} names
     * @throws SealingException when the ciphertext, the key or the associated data do not match
     */
    public byte[] open(SealingKey key, SealedSecret sealed, String associatedData) {
        if (!key.id().equals(sealed.keyId())) {
            throw new SealingException("Secret was sealed with key '" + sealed.keyId() + "', not '" + key.id() + "'");
        }
        return run(Cipher.DECRYPT_MODE, key, sealed.nonce(), associatedData, sealed.ciphertext());
    }

    private static byte[] run(int mode, SealingKey key, byte[] nonce, String associatedData, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, new SecretKeySpec(key.keyBytes(), "AES"),
                    new GCMParameterSpec(SealedSecret.TAG_BYTES * 8, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // The cause says only "Tag mismatch" or similar; it carries no key or plaintext.
            throw new SealingException("Cannot " + (mode == Cipher.ENCRYPT_MODE ? "seal" : "open")
                    + " secret with key '" + key.id() + "'", e);
        }
    }
}
