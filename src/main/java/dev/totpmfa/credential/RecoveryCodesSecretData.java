package dev.totpmfa.credential;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The secret half: the per-set salt and the keyed hashes of the codes not used yet, all base64. */
@JsonIgnoreProperties(ignoreUnknown = true)
record RecoveryCodesSecretData(@JsonProperty("salt") String salt, @JsonProperty("hashes") List<String> hashes) {
}
