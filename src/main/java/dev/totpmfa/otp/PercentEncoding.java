package dev.totpmfa.otp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding for the parts of a Key URI. Not {@link java.net.URLEncoder}: that one writes
 * HTML form encoding, where a space becomes {@code +}, which authenticator apps then show literally.
 */
final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String UNRESERVED_PUNCTUATION = "-._~";
    /** RFC 3986 sub-delims and '@': legal unescaped in a path or query, so others' URIs may hold them. */
    private static final String RAW_ALLOWED_PUNCTUATION = "!$'()*+,;@";
    /** Legal unescaped in a query but not in the label, where ':' separates issuer from account. */
    private static final String RAW_ALLOWED_IN_QUERY = ":/?";

    private PercentEncoding() {
    }

    /** Escapes everything but the unreserved characters, as UTF-8. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3 / 2);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (isUnreserved(c)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0F]);
            }
        }
        return out.toString();
    }

    /**
     * @param inQuery whether ':', '/' and '?' may appear unescaped (legal in a query, not in the label)
     * @throws IllegalArgumentException on a malformed escape, a character that must be escaped, or bytes
     *         that are not UTF-8
     */
    static String decode(String text, boolean inQuery) {
        ByteBuffer bytes = ByteBuffer.allocate(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("Truncated percent-escape in the Key URI");
                }
                int high = hexValue(text.charAt(i + 1));
                int low = hexValue(text.charAt(i + 2));
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("Invalid percent-escape in the Key URI");
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (isUnreserved(c) || RAW_ALLOWED_PUNCTUATION.indexOf(c) >= 0
                    || (inQuery && RAW_ALLOWED_IN_QUERY.indexOf(c) >= 0)) {
                bytes.put((byte) c);
            } else {
                throw new IllegalArgumentException(
                        "Character that must be percent-encoded in the Key URI at position " + i);
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Percent-escapes in the Key URI are not UTF-8", e);
        }
    }

    /** ASCII hex only: {@link Character#digit} would also accept full-width and other Unicode digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || UNRESERVED_PUNCTUATION.indexOf(c) >= 0;
    }
}
