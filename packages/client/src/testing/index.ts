// Test helpers of @zksim/client, exported as `@zksim/client/testing`: the scripted fake server that
// client tests (and anyone testing code on top of the client) drive command by command.
export { ScriptedServer } from './scripted-server.ts';
export type { HandshakePolicy, RequestPolicy, ScriptedConnection, ScriptedSession, ReceivedMessage, ScriptedServerOptions } from './scripted-server.ts';
export { ZnodeMap } from './znode-map.ts';
export type { Applied } from './znode-map.ts';
export { buildClientRig } from './client-rig.ts';
export type { ClientRig, ClientRigOptions } from './client-rig.ts';
