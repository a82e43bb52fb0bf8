/** The phrases occupational profiles share across trades, by language. */
import type { Lang } from './vocabularies.ts';

export interface GenericUnit {
  title: string;
  criteria: string[];
}

/** Cross-cutting units most profiles include. */
export const GENERIC_UNITS: Record<Lang, GenericUnit[]> = {
  es: [
    { title: 'Aplicar normas de seguridad y salud en el trabajo', criteria: ['Los riesgos del puesto se identifican antes de iniciar la tarea.', 'El equipo de protección personal se usa según el procedimiento.', 'Los incidentes se reportan según el protocolo de la empresa.'] },
    { title: 'Trabajar en equipo y comunicarse en el entorno laboral', criteria: ['La información se transmite de forma clara y oportuna.', 'Las tareas se coordinan con el equipo según las prioridades.', 'Los desacuerdos se abordan con respeto.'] },
    { title: 'Aplicar criterios de calidad en el trabajo', criteria: ['El trabajo se verifica contra las especificaciones antes de entregarlo.', 'Las no conformidades se registran y se corrigen.', 'Se proponen mejoras al proceso.'] },
    { title: 'Aplicar buenas prácticas ambientales', criteria: ['Los residuos se clasifican y disponen según la normativa.', 'El consumo de agua y energía se reduce al mínimo necesario.', 'Los derrames se contienen según el plan de contingencia.'] },
    { title: 'Utilizar herramientas digitales en el trabajo', criteria: ['Los registros se completan en el sistema de la empresa.', 'La información se busca y verifica en fuentes confiables.', 'Se protegen los datos personales y de la empresa.'] },
  ],
  pt: [
    { title: 'Aplicar normas de segurança e saúde no trabalho', criteria: ['Os riscos da atividade são identificados antes do início da tarefa.', 'O EPI é utilizado conforme o procedimento.', 'Os incidentes são comunicados conforme o protocolo da empresa.'] },
    { title: 'Trabalhar em equipe e comunicar-se no ambiente de trabalho', criteria: ['As informações são transmitidas de forma clara e oportuna.', 'As tarefas são coordenadas com a equipe conforme as prioridades.', 'As divergências são tratadas com respeito.'] },
    { title: 'Aplicar critérios de qualidade no trabalho', criteria: ['O trabalho é conferido com as especificações antes da entrega.', 'As não conformidades são registradas e corrigidas.', 'São propostas melhorias no processo.'] },
    { title: 'Aplicar boas práticas ambientais', criteria: ['Os resíduos são separados e destinados conforme a legislação.', 'O consumo de água e energia é reduzido ao necessário.', 'Os vazamentos são contidos conforme o plano de emergência.'] },
    { title: 'Utilizar ferramentas digitais no trabalho', criteria: ['Os registros são preenchidos no sistema da empresa.', 'As informações são pesquisadas e verificadas em fontes confiáveis.', 'Os dados pessoais e da empresa são protegidos.'] },
  ],
  en: [
    { title: 'Apply occupational safety and health requirements', criteria: ['Hazards are identified before work starts.', 'Personal protective equipment is used as the procedure requires.', 'Incidents are reported to the workplace protocol.'] },
    { title: 'Work in a team and communicate at work', criteria: ['Information is passed on clearly and on time.', 'Tasks are coordinated with the team by priority.', 'Disagreements are handled respectfully.'] },
    { title: 'Apply quality requirements to own work', criteria: ['Work is checked against the specification before hand-over.', 'Non-conformities are recorded and corrected.', 'Process improvements are suggested.'] },
    { title: 'Apply sound environmental practice', criteria: ['Waste is sorted and disposed of to the regulations.', 'Water and energy use is kept to what is needed.', 'Spills are contained to the contingency plan.'] },
    { title: 'Use digital tools at work', criteria: ['Records are completed in the company system.', 'Information is looked up and checked in reliable sources.', 'Personal and company data are protected.'] },
  ],
};

/** Criteria that fit any trade unit, added to the trade's own. */
export const TASK_CRITERIA: Record<Lang, string[]> = {
  es: ['Las herramientas y equipos se verifican antes de iniciar la tarea.', 'Los resultados se registran en el formato establecido.', 'El trabajo se completa en el tiempo previsto.', 'Las instrucciones técnicas del fabricante se interpretan correctamente.', 'Las anomalías se informan al responsable.', 'El área de trabajo queda limpia y ordenada.'],
  pt: ['As ferramentas e equipamentos são verificados antes do início da tarefa.', 'Os resultados são registrados no formulário padrão.', 'O trabalho é concluído no prazo previsto.', 'As instruções técnicas do fabricante são interpretadas corretamente.', 'As anomalias são comunicadas ao responsável.', 'A área de trabalho fica limpa e organizada.'],
  en: ['Tools and equipment are checked before work starts.', 'Results are recorded on the standard form.', 'Work is completed in the time allowed.', 'The manufacturer’s technical instructions are followed correctly.', 'Anomalies are reported to the person in charge.', 'The work area is left clean and tidy.'],
};

/** Modules most curricula add to the trade's own; the last one is the placement. */
export const GENERIC_MODULES: Record<Lang, string[]> = {
  es: ['Seguridad y salud en el trabajo', 'Formación y orientación laboral', 'Comunicación y trabajo en equipo', 'Práctica profesional en la empresa'],
  pt: ['Segurança e saúde no trabalho', 'Orientação profissional e cidadania', 'Comunicação e trabalho em equipe', 'Prática profissional na empresa'],
  en: ['Occupational safety and health', 'Employability skills', 'Communication and teamwork', 'Work placement'],
};

/** How the profile is assessed ({field}). */
export const EVALUATIONS: Record<Lang, string[]> = {
  es: [
    'Evaluación del desempeño en situación real o simulada de trabajo, con lista de cotejo y portafolio de evidencias, complementada con una prueba de conocimientos de {field}.',
    'Observación directa en el puesto de trabajo y entrevista técnica; las evidencias de producto se valoran con rúbricas por unidad de competencia.',
    'Evaluación continua por módulo y evaluación final integradora en el taller, con participación de un evaluador del sector productivo.',
  ],
  pt: [
    'Avaliação do desempenho em situação real ou simulada de trabalho, com lista de verificação e portfólio de evidências, complementada por prova de conhecimentos de {field}.',
    'Observação direta no posto de trabalho e entrevista técnica; as evidências de produto são avaliadas com rubricas por unidade de competência.',
    'Avaliação contínua por módulo e situação de aprendizagem integradora na oficina, com participação de um avaliador do setor produtivo.',
  ],
  en: [
    'Performance assessment in a real or simulated work situation, using an observation checklist and evidence portfolio, plus a knowledge test in {field}.',
    'Direct observation in the workplace and a technical interview; product evidence is judged against rubrics for each unit of competency.',
    'Continuous assessment in each module and a final integrated workshop assessment, with an industry assessor on the panel.',
  ],
};

/** Who validated the profile ({subsector}, {inst}). */
export const VALIDATORS: Record<Lang, string[]> = {
  es: ['Mesa sectorial de {subsector} ({inst})', 'Comité técnico de {subsector}', 'Consejo sectorial de {subsector}', 'Comisión tripartita de {subsector} ({inst})'],
  pt: ['Comitê técnico setorial de {subsector} ({inst})', 'Comissão tripartite de {subsector}', 'Conselho setorial de {subsector}', 'Grupo de trabalho de {subsector} ({inst})'],
  en: ['{subsector} Industry Lead Group ({inst})', '{subsector} Sector Skills Council', 'Tripartite {subsector} Standards Committee', '{subsector} Technical Advisory Committee ({inst})'],
};

/** The purpose statement ({Purpose}: the trade's clause; {subsector}). */
export const PURPOSES: Record<Lang, string[]> = {
  es: ['{Purpose}.', '{Purpose}, en empresas y organizaciones del sector de {subsector}.'],
  pt: ['{Purpose}.', '{Purpose}, em empresas e organizações do setor de {subsector}.'],
  en: ['{Purpose}.', '{Purpose}, in enterprises and organisations of the {subsector} sector.'],
};

/** A profile title with a specialisation ({role}, {spec}). */
export const WITH_SPEC: Record<Lang, string> = {
  es: '{role} con mención en {spec}',
  pt: '{role} com ênfase em {spec}',
  en: '{role} ({spec})',
};
