package dev.totpmfa.credential;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The public half of a trusted browser (what admins see in the user's Credentials tab), times in epoch millis.
 *
 * @param formatVersion 1
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TrustedBrowserCredentialData(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("created") long created,
        @JsonProperty("expires") long expires,
        @JsonProperty("lastUsed") long lastUsed) {

    static final int CURRENT_FORMAT = 1;
}
