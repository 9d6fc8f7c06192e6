import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiEngine } from '../../../electron/transcription/engines/openai/openai-engine';
import { specSchemaValidator } from '../../fixtures/servers/openapi-validator';
import { FakeWhisper } from '../../fixtures/servers/whisper-server';
import { tempDir } from '../../fixtures/temp';
import { wavBytes } from '../../fixtures/wav';
import { writeStereoCall } from './stereo-call';

// The local Whisper server stands in for OpenAI's POST /audio/transcriptions in the engine's tests:
// here both sides of it are checked against the published openai_openapi.yaml, as the chat
// requests are (tests/integration/llm/openai-prism.test.ts), so neither can drift from the API.
const server = new FakeWhisper();
const tmp = tempDir('cr-whisper-spec-');
let baseURL = '';

beforeAll(async () => {
  baseURL = await server.start();
});
afterAll(async () => {
  await server.stop();
  tmp.cleanup();
});

/** A multipart form as the object CreateTranscriptionRequest describes: `x[]` parts are an array, a file part a binary string. */
function formAsObject(parts: { name: string; value: string | null }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, value } of parts) {
    if (name.endsWith('[]')) {
      const key = name.slice(0, -2);
      out[key] = [...((out[key] as string[] | undefined) ?? []), value];
    } else out[name] = value ?? '<binary>';
  }
  return out;
}

describe('the Whisper test server against openai_openapi.yaml', () => {
  it('the engine sends requests CreateTranscriptionRequest accepts, and the validator refuses ones it should not', async () => {
    const validate = specSchemaValidator('openai_openapi.yaml', 'CreateTranscriptionRequest');
    const path = join(tmp.path, 'call.wav');
    await writeStereoCall(path);
    await new OpenAiEngine({ apiKey: 'sk-test', baseURL, maxPieceS: 5 }).transcribe({ filePath: path });
    expect(server.uploads.length).toBeGreaterThan(0);
    for (const upload of server.uploads) {
      const form = formAsObject(upload.parts);
      expect(form).toMatchObject({ file: '<binary>', model: 'whisper-1' });
      expect(validate(form), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    }
    expect(validate({ file: '<binary>', model: 'whisper-1', response_format: 'verbose_jsn' })).toBe(false);
    expect(validate({ file: '<binary>', model: 'whisper-1', timestamp_granularities: ['syllable'] })).toBe(false);
    expect(validate({ file: '<binary>', model: 'whisper-1', granularity: ['word'] })).toBe(false);
  });

  it('answers speech and silence in the CreateTranscriptionResponseVerboseJson shape', async () => {
    const validate = specSchemaValidator('openai_openapi.yaml', 'CreateTranscriptionResponseVerboseJson');
    server.answers.length = 0;
    for (const frequencies of [[440], [0]]) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(wavBytes({ seconds: 1, frequencies }))], { type: 'audio/wav' }), 'a.wav');
      form.append('model', 'whisper-1');
      form.append('response_format', 'verbose_json');
      const res = await fetch(`${baseURL}/audio/transcriptions`, { method: 'POST', body: form, headers: { authorization: 'Bearer sk-test' } });
      expect(res.status).toBe(200);
    }
    expect(server.answers.map((a) => a.status)).toEqual([200, 200]);
    for (const { body } of server.answers) expect(validate(body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate({ language: 'english', text: 'x' })).toBe(false);
    expect(validate({ language: 'english', duration: 1, text: 'x', segments: [{ id: 0, start: 0, end: 1, text: 'x' }] })).toBe(false);
  });

  it('answers errors in the ErrorResponse shape', async () => {
    const validate = specSchemaValidator('openai_openapi.yaml', 'ErrorResponse');
    server.answers.length = 0;
    server.failWith = 401;
    try {
      await fetch(`${baseURL}/audio/transcriptions`, { method: 'POST', body: new FormData() });
    } finally {
      server.failWith = undefined;
    }
    await fetch(`${baseURL}/chat/completions`, { method: 'POST', body: '{}' });
    expect(server.answers.map((a) => a.status)).toEqual([401, 404]);
    for (const { body } of server.answers) expect(validate(body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate({ error: { message: 'x', type: 'y' } })).toBe(false);
  });
});
