package dev.totpmfa.setup;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/** What {@code totp-mfa-recovery-codes.ftl} shows, exposed as {@code totpMfaRecoveryCodes}. */
public final class RecoveryCodesPageBean {

    private final List<String> codes;
    private final String realmName;
    private final String account;
    private final LocalDate date;
    private final Integer remainingBefore;
    private final String remainingBeforeText;

    RecoveryCodesPageBean(List<String> codes, String realmName, String account, LocalDate date,
                          Integer remainingBefore, String remainingBeforeText) {
        this.codes = List.copyOf(codes);
        this.realmName = realmName;
        this.account = account;
        this.date = date;
        this.remainingBefore = remainingBefore;
        this.remainingBeforeText = remainingBeforeText;
    }

    public List<String> getCodes() {
        return codes;
    }

    /** The file a user keeps: who and when the codes are for, then the codes, one per line. */
    public String getFileText() {
        StringBuilder text = new StringBuilder()
                .append("Recovery codes").append('\n')
                .append("Realm: ").append(realmName).append('\n')
                .append("Account: ").append(account).append('\n')
                .append("Date: ").append(date).append('\n')
                .append('\n');
        codes.forEach(code -> text.append(code).append('\n'));
        return text.toString();
    }

    /** A data URI for the download link, so saving the file needs no JavaScript. */
    public String getDownloadHref() {
        return "data:text/plain;charset=utf-8," + URLEncoder.encode(getFileText(), StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    public String getFileName() {
        return "recovery-codes.txt";
    }

    /** Set when the user arrives here because few codes are left: the page says how many. */
    public Integer getRemainingBefore() {
        return remainingBefore;
    }

    /** Message {@code totpMfaRecoveryCodesLow} with that count, in the user's language; null when not set. */
    public String getRemainingBeforeText() {
        return remainingBeforeText;
    }
}
