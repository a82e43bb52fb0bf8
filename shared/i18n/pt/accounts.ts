import type { esAccounts } from '../es/accounts.ts';

/** Account basics: password, sessions, token scopes, site roles (the people page). */
export const ptAccounts: Record<keyof typeof esAccounts, string> = {
  'error.TOKEN_SCOPE': 'Esta chave de acesso só permite ler: crie uma chave de leitura e escrita para fazer alterações.',
  'error.SESSION_REQUIRED': 'Isto só pode ser feito com a sessão iniciada no navegador, não com uma chave de acesso.',
  'error.WRONG_PASSWORD': 'A senha atual não está correta.',
  'error.PASSWORD_UNCHANGED': 'A nova senha é igual à atual: escolha outra.',
  'error.SESSION_NOT_FOUND': 'Essa sessão não existe ou já foi encerrada.',
  'error.NAME_DIRECTION_CONTROL':
    'O nome contém caracteres invisíveis que invertem a direção do texto (usados para falsificar nomes): remova-os.',
  'error.LAST_ADMIN': 'É a única conta de administração: nomeie primeiro outra pessoa administradora.',
  'error.JOIN_REQUEST_NOT_FOUND': 'Você não tem uma solicitação pendente nesta comunidade.',
};
