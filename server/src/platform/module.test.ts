import { describe, expect, it } from 'vitest';
import { composeModules, type KefuModule, latePort, mergeAudiences, type Platform } from './module';

const platform = { settings: {} } as Platform;

describe('the module list', () => {
  it('builds each module from the services of the ones before it, in order', () => {
    const built: string[] = [];
    const { modules, services } = composeModules(platform)
      .add((): KefuModule<{ greeting: () => string }> => {
        built.push('a');
        return { name: 'a', services: { greeting: () => 'hello' } };
      })
      .add((_p, s: { greeting: () => string }): KefuModule<{ loud: () => string }> => {
        built.push('b');
        return { name: 'b', services: { loud: () => `${s.greeting().toUpperCase()}!` } };
      });
    expect(built).toEqual(['a', 'b']);
    expect(modules.map((m) => m.name)).toEqual(['a', 'b']);
    expect(services.loud()).toBe('HELLO!');
  });

  it('does not compile a module that needs a service no earlier module provides', () => {
    const list = composeModules(platform).add(() => ({ name: 'a', services: { x: 1 } }));
    const needsY = (_p: Platform, s: { y: string }): KefuModule => ({ name: 'b', services: { z: s.y } });
    // @ts-expect-error — nobody before it provides `y`
    expect(() => list.add(needsY)).not.toThrow(); // at run time it would get undefined: the compiler is the guard
  });

  it('refuses a second module of the same name or a service name already taken', () => {
    const list = composeModules(platform).add(() => ({ name: 'a', services: { x: 1 } }));
    expect(() => list.add(() => ({ name: 'a', services: {} }))).toThrow(/module a added twice/);
    expect(() => list.add(() => ({ name: 'b', services: { x: 2 } }))).toThrow(/service name x is taken/);
  });
});

describe('realtime audiences', () => {
  it('merges the modules’ tables and refuses two audiences for one event', () => {
    const a: KefuModule = {
      name: 'a',
      services: {},
      audiences: { 'teams.team.created': { permissions: ['teams.view'] } },
    };
    const b: KefuModule = {
      name: 'b',
      services: {},
      audiences: { 'auth.user.created': { permissions: ['users.view'] } },
    };
    expect(Object.keys(mergeAudiences([a, b])).sort()).toEqual(['auth.user.created', 'teams.team.created']);
    expect(() => mergeAudiences([a, { ...a, name: 'c' }])).toThrow(/c: the audience of teams.team.created/);
  });
});

describe('a late port', () => {
  it('forwards to what is bound later, and refuses use before binding or a second binding', async () => {
    const late = latePort<{ teamExists(id: string): Promise<boolean> }>('teams');
    expect(() => late.port.teamExists('t1')).toThrow(/port teams used before it was bound/);
    late.bind({ teamExists: async (id) => id === 't1' });
    expect(await late.port.teamExists('t1')).toBe(true);
    expect(await late.port.teamExists('t2')).toBe(false);
    expect(() => late.bind({ teamExists: async () => true })).toThrow(/bound twice/);
  });
});
