package dev.totpmfa.credential;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The secret half: the per-set salt and the keyed hashes of the codes not used yet (base64), and since format 2
 * the set's random HMAC key, sealed ({@code SealedSecret#encode()}), so the set no longer depends on one sealing key.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record RecoveryCodesSecretData(@JsonProperty("salt") String salt, @JsonProperty("hashes") List<String> hashes,
        @JsonProperty("hashKey") String hashKey) {
}
