package dev.totpmfa.credential;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The secret half: the row's random HMAC key, sealed ({@code SealedSecret#encode()}) for this row, and the HMAC of
 * the browser's token (base64). The token itself is never stored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TrustedBrowserSecretData(@JsonProperty("hashKey") String hashKey, @JsonProperty("hash") String hash) {
}
