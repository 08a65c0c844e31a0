package dev.totpmfa.credential;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The secret half (the secret_data column): only ever the sealed form, see {@code SealedSecret#encode()}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record TotpSecretData(@JsonProperty("sealed") String sealed) {
}
