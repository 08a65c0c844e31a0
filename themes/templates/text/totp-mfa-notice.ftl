<#ftl output_format="plainText">
${msg(noticeBodyKey, realmName, deviceLabel, recoveryCodesRemaining)}

${msg("totpMfaNoticeNotYou")}
