<#ftl output_format="plainText">
${msg(noticeBodyKey, realmName, deviceLabel?has_content?then(deviceLabel, msg("totpMfaUnnamedDevice")), recoveryCodesRemaining)}

${msg(noticeClosingKey)}
