import { KeyValueBackend } from '../../src/core/recents';
import { SecretBackend } from '../../src/core/sessionStore';

/** SecretStorage and Memento stand-ins: plain maps with the same async shape. */
export class MemorySecrets implements SecretBackend {
  readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

export class MemoryState implements KeyValueBackend {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}
