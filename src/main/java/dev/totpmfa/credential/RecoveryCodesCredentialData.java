package dev.totpmfa.credential;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The public half of a recovery-code set (what admins see in the user's Credentials tab).
 *
 * @param keyId the sealing key whose derived HMAC key hashed this set, so a set outlives a key rotation for
 *              as long as that key stays configured
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RecoveryCodesCredentialData(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("issued") int issued,
        @JsonProperty("remaining") int remaining,
        @JsonProperty("created") long created,
        @JsonProperty("keyId") String keyId) {

    static final int CURRENT_FORMAT = 1;
}
