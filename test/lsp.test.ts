// The `deployment-lint-server` bin over stdio (JSON-RPC, as an editor talks
// to it): diagnostics with the exact range of the wrong number, and a quick
// fix whose edit replaces exactly that number.
import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection} from 'vscode-jsonrpc/node.js'
import {dist, ensureBuilt, root} from './helpers/build.js'
import {removeScratch, scratch} from './helpers/io.js'
import {realPlugin, skipping} from './helpers/real.js'

interface Range {
  start: {line: number; character: number}
  end: {line: number; character: number}
}
interface Diagnostic {
  range: Range
  message: string
  severity: number
  code?: string
  source?: string
  codeDescription?: {href: string}
  data?: {expected?: string[]}
}
interface TextEdit {
  range: Range
  newText: string
}

/** Apply LSP edits (non-overlapping) to a text. */
function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n')
  const offset = (position: {line: number; character: number}) =>
    lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text)
}

class Client {
  readonly diagnostics = new Map<string, Array<(value: Diagnostic[]) => void>>()
  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
    readonly stderr: {text: string}
  ) {}

  static async start(workspace: string): Promise<Client> {
    const child = spawn(process.execPath, [dist('src/cli/server.js'), '--stdio'], {cwd: workspace, stdio: 'pipe'})
    const stderr = {text: ''}
    child.stderr!.on('data', (chunk) => (stderr.text += String(chunk)))
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
    const client = new Client(child, connection, stderr)
    connection.onNotification('textDocument/publishDiagnostics', (params: {uri: string; diagnostics: Diagnostic[]}) => {
      const waiting = client.diagnostics.get(params.uri) ?? []
      client.diagnostics.set(params.uri, [])
      for (const resolve of waiting) resolve(params.diagnostics)
    })
    connection.onRequest(() => null)
    connection.listen()
    const uri = pathToFileURL(workspace).href
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      capabilities: {},
      workspaceFolders: [{uri, name: 'workspace'}]
    })
    await connection.sendNotification('initialized', {})
    return client
  }

  /** Open a document and wait for its diagnostics. */
  open(uri: string, text: string): Promise<Diagnostic[]> {
    const result = new Promise<Diagnostic[]>((resolve) => {
      this.diagnostics.set(uri, [...(this.diagnostics.get(uri) ?? []), resolve])
    })
    void this.connection.sendNotification('textDocument/didOpen', {
      textDocument: {uri, languageId: 'markdown', version: 1, text}
    })
    return result
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))])
      await this.connection.sendNotification('exit')
    } catch {
      // Already gone.
    }
    this.connection.dispose()
    if (this.child.exitCode === null) this.child.kill()
  }
}

const real = await realPlugin()
const testPlugin = path.join(root, 'test', 'helpers', 'cli-plugin.mjs')
const text = '# Plan\n\nHeads: 2 + 2 = 5.\n\nFine: 1 + 1 = 2.\n'

afterAll(removeScratch)

describe('deployment-lint-server', () => {
  let workspace: string
  let client: Client

  beforeAll(async () => {
    await ensureBuilt()
    // Inside the project folder, so the workspace finds `remark` and this package.
    workspace = await scratch({'.remarkrc.json': JSON.stringify({plugins: [testPlugin]})}, true)
    client = await Client.start(workspace)
  }, 120_000)

  afterAll(async () => {
    await client?.stop()
  })

  it('publishes a diagnostic on exactly the wrong number, with the derivation and the fix', async () => {
    const uri = pathToFileURL(path.join(workspace, 'plan.md')).href
    const diagnostics = (await client.open(uri, text)).filter((diagnostic) => diagnostic.code === 'deployment-test')

    expect(diagnostics).toEqual([
      {
        range: {start: {line: 2, character: 15}, end: {line: 2, character: 16}},
        message: 'Unexpected `5`, expected `4`\n2 + 2 = 4',
        severity: 2,
        code: 'deployment-test',
        source: 'remark-lint',
        codeDescription: {href: 'https://example.com/deployment-test'},
        data: {expected: ['4']}
      }
    ])

    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: {uri},
      range: diagnostics[0].range,
      context: {diagnostics}
    })) as Array<{title: string; kind: string; isPreferred?: boolean; edit: {changes: Record<string, TextEdit[]>}}>

    expect(actions).toHaveLength(1)
    expect(actions[0]).toMatchObject({title: 'Replace `5` with `4`', kind: 'quickfix', isPreferred: true})
    expect(actions[0].edit.changes[uri]).toEqual([{range: diagnostics[0].range, newText: '4'}])
    expect(applyTextEdits(text, actions[0].edit.changes[uri])).toBe(text.replace('2 + 2 = 5', '2 + 2 = 4'))
  })

  it('"Format Document" applies the fixes byte for byte when the config enables fix', async () => {
    const folder = path.join(workspace, 'fixing')
    await fs.mkdir(folder)
    await fs.writeFile(path.join(folder, '.remarkrc.json'), JSON.stringify({plugins: [[testPlugin, {fix: true}]]}))
    const uri = pathToFileURL(path.join(folder, 'doc.md')).href
    const input = '__keep__ 2 + 2 = 5, doubled 10  \n* x\n'
    await client.open(uri, input)

    const edits = (await client.connection.sendRequest('textDocument/formatting', {
      textDocument: {uri},
      options: {tabSize: 2, insertSpaces: true}
    })) as TextEdit[]

    expect(applyTextEdits(input, edits)).toBe('__keep__ 2 + 2 = 4, doubled 8  \n* x\n')
  })

  it.skipIf(skipping(real.reason, 'the language server with the real rules'))(
    'reports and quick-fixes `32 ÷ 4 = 16` with the real rules',
    async () => {
      const uri = pathToFileURL(path.join(workspace, 'heads.md')).href
      const document = '# Heads\n\nAttention heads per GPU: 32 ÷ 4 = 16.\n'
      const diagnostics = (await client.open(uri, document)).filter((diagnostic) => diagnostic.data?.expected?.[0] === '8')
      expect(diagnostics).toHaveLength(1)
      expect(diagnostics[0].range).toEqual({start: {line: 2, character: 34}, end: {line: 2, character: 36}})
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: {uri},
        range: diagnostics[0].range,
        context: {diagnostics}
      })) as Array<{edit: {changes: Record<string, TextEdit[]>}}>
      expect(applyTextEdits(document, actions[0].edit.changes[uri])).toBe(document.replace('= 16', '= 8'))
    }
  )
})
