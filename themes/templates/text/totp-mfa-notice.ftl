<#ftl output_format="plainText">
${noticeBody}

${msg(noticeClosingKey)}
