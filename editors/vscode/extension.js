// A minimal VS Code client for tongwen lsp: starts `tongwen lsp` on stdio
// for plain text, Markdown, HTML and XML, and passes the tongwen.* settings
// (initializationOptions, then workspace/didChangeConfiguration).
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function settings() {
  const c = vscode.workspace.getConfiguration('tongwen');
  return { tongwen: { target: c.get('target'), profile: c.get('profile'), rules: c.get('rules'), debounce: c.get('debounce') } };
}

function activate(context) {
  const command = vscode.workspace.getConfiguration('tongwen').get('path') || 'tongwen';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient('tongwen', 'tongwen', server, {
    documentSelector: ['plaintext', 'markdown', 'html', 'xml'].map((language) => ({ language })),
    initializationOptions: settings(),
    synchronize: {
      configurationSection: 'tongwen',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.tongwen.ini'),
    },
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
