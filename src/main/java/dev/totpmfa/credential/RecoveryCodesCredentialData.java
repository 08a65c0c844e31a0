package dev.totpmfa.credential;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The public half of a recovery-code set (what admins see in the user's Credentials tab).
 *
 * @param formatVersion 2 since the hashing key is sealed in the secret data; 1 for sets of the first release
 * @param keyId         format 1 only: the sealing key whose derived HMAC key hashed the set (read, never written)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record RecoveryCodesCredentialData(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("issued") int issued,
        @JsonProperty("remaining") int remaining,
        @JsonProperty("created") long created,
        @JsonProperty("keyId") String keyId) {

    static final int FIRST_FORMAT = 1;
    static final int CURRENT_FORMAT = 2;

    static RecoveryCodesCredentialData current(int issued, int remaining, long created) {
        return new RecoveryCodesCredentialData(CURRENT_FORMAT, issued, remaining, created, null);
    }
}
