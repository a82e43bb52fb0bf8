/**
 * The phrases resources are composed from, by type and language. Title frames take {spec}
 * (a specialisation: "soldadura MIG/MAG"), {field}, {role}, {topic} (a theme topic),
 * {subsector}, {country}, {year} and {inst}; {Topic} / {Spec} give the capitalized value.
 */
import type { AudienceCode, Lang, ResourceTypeCode } from './vocabularies.ts';

type ByType = Record<ResourceTypeCode, string[]>;

export const TITLE_FRAMES: Record<Lang, ByType> = {
  es: {
    manual: ['Manual del instructor: {spec}', 'Manual del participante: {spec}', 'Manual de buenas prácticas en {field}', 'Manual técnico de {spec}', 'Manual sobre {topic} en los talleres de {field}'],
    guide: ['Guía de evaluación por competencias para {field}', 'Guía didáctica: {spec}', 'Guía sobre {topic} en {field}', 'Guía práctica de {spec} para instructores', 'Guía de aprendizaje: {spec}'],
    curriculum: ['Diseño curricular: {role}', 'Programa de formación: {role}', 'Plan de estudios modular en {field}', 'Itinerario formativo en {spec}'],
    course: ['Curso virtual de {spec}', 'Curso semipresencial: {spec}', 'Curso de actualización técnica en {spec}', 'Curso introductorio de {field}', 'Curso: {Topic}'],
    video: ['Serie de videos: {spec} paso a paso', 'Video tutorial de {spec}', 'Videoclases de {field}', 'Cápsulas de video sobre {topic}'],
    simulator: ['Simulador de {spec}', 'Simulador virtual para la práctica de {field}', 'Laboratorio virtual de {spec}'],
    toolkit: ['Caja de herramientas: {topic} en {field}', 'Caja de herramientas sobre {topic} para pymes de {subsector}', 'Kit de recursos para {topic}'],
    assessment_instrument: ['Instrumento de evaluación del desempeño: {role}', 'Lista de cotejo para {spec}', 'Banco de ítems de {field}', 'Rúbrica de evaluación de {spec}'],
    study: ['Estudio sobre {topic} en {field} ({country})', 'Demanda de competencias en {field}: estudio sectorial', 'Prospectiva ocupacional del sector de {subsector}', 'Estudio de seguimiento de egresados de {field}'],
    presentation: ['{Topic}: la experiencia de {inst}', 'Presentación: {spec} en la formación ({inst})', '{Topic} en {field}: lecciones aprendidas'],
    standard: ['Norma de competencia laboral: {role}', 'Norma técnica de competencia: {spec}', 'Estándar de competencia: {role}'],
    report: ['Informe anual sobre {topic} {year}', 'Informe de resultados: {topic} en {field}', 'Informe de evaluación del programa de {field}'],
  },
  pt: {
    manual: ['Manual do instrutor: {spec}', 'Manual do aluno: {spec}', 'Manual de boas práticas em {field}', 'Manual técnico de {spec}', 'Manual sobre {topic} nas oficinas de {field}'],
    guide: ['Guia de avaliação por competências em {field}', 'Guia didático: {spec}', 'Guia sobre {topic} em {field}', 'Guia prático de {spec} para docentes', 'Guia de aprendizagem: {spec}'],
    curriculum: ['Plano de curso: {role}', 'Itinerário formativo: {role}', 'Desenho curricular modular em {field}', 'Plano de curso de qualificação em {spec}'],
    course: ['Curso a distância de {spec}', 'Curso híbrido: {spec}', 'Curso de aperfeiçoamento em {spec}', 'Curso introdutório de {field}', 'Curso: {Topic}'],
    video: ['Série de vídeos: {spec} passo a passo', 'Videoaula de {spec}', 'Videoaulas de {field}', 'Pílulas em vídeo sobre {topic}'],
    simulator: ['Simulador de {spec}', 'Simulador virtual para a prática de {field}', 'Laboratório virtual de {spec}'],
    toolkit: ['Kit de ferramentas: {topic} em {field}', 'Kit de ferramentas sobre {topic} para pequenas empresas de {subsector}', 'Caixa de ferramentas para {topic}'],
    assessment_instrument: ['Instrumento de avaliação de desempenho: {role}', 'Lista de verificação para {spec}', 'Banco de itens de {field}', 'Rubrica de avaliação de {spec}'],
    study: ['Estudo sobre {topic} em {field} ({country})', 'Demanda de competências em {field}: estudo setorial', 'Prospecção ocupacional do setor de {subsector}', 'Pesquisa de acompanhamento de egressos de {field}'],
    presentation: ['{Topic} ({inst})', 'Apresentação: {spec} na educação profissional ({inst})', '{Topic} em {field}: lições aprendidas'],
    standard: ['Norma de competência: {role}', 'Perfil profissional: {role}', 'Padrão de competência: {spec}'],
    report: ['Relatório anual sobre {topic} {year}', 'Relatório de resultados: {topic} em {field}', 'Relatório de avaliação do programa de {field}'],
  },
  en: {
    manual: ['Instructor’s manual: {spec}', 'Learner’s manual: {spec}', 'Good practice manual for {field}', '{Spec}: technical manual', 'Manual on {topic} in {field} workshops'],
    guide: ['Competency-based assessment guide for {field}', 'Teaching guide: {spec}', 'Guide to {topic} in {field}', 'Practical guide to {spec} for instructors', 'Learning guide: {spec}'],
    curriculum: ['Curriculum: {role}', 'Training programme: {role}', 'Modular curriculum in {field}', 'Learning pathway in {spec}'],
    course: ['Online course in {spec}', 'Blended course: {spec}', 'Upskilling course in {spec}', 'Introduction to {field}', 'Course: {Topic}'],
    video: ['Video series: {spec} step by step', '{Spec}: video tutorial', 'Video lessons in {field}', 'Short videos on {topic}'],
    simulator: ['{Spec} simulator', 'Virtual practice simulator for {field}', 'Virtual lab: {spec}'],
    toolkit: ['Toolkit on {topic} in {field}', '{Topic}: a toolkit for {subsector} SMEs', 'Resource kit for {topic}'],
    assessment_instrument: ['Performance assessment instrument: {role}', 'Observation checklist for {spec}', 'Item bank for {field}', '{Spec}: assessment rubric'],
    study: ['Study on {topic} in {field} ({country})', 'Skills demand in {field}: a sector study', 'Occupational foresight for the {subsector} sector', 'Tracer study of {field} graduates'],
    presentation: ['{Topic}: the {inst} experience', 'Presentation: {spec} in training ({inst})', '{Topic} in {field}: lessons learned'],
    standard: ['Occupational standard: {role}', 'Competency standard: {spec}', 'National occupational standard: {role}'],
    report: ['Annual report on {topic} {year}', 'Results report: {topic} in {field}', 'Evaluation report of the {field} programme'],
  },
};

/** One sentence on what the resource contains. */
export const TYPE_SENTENCES: Record<Lang, ByType> = {
  es: {
    manual: ['Incluye fichas de trabajo, ejercicios prácticos y pautas de seguridad.', 'Está organizado en unidades con objetivos, contenidos, actividades y autoevaluación.'],
    guide: ['Ofrece orientaciones paso a paso y ejemplos de aplicación en el taller.', 'Propone actividades, instrumentos y criterios para el trabajo con los grupos.'],
    curriculum: ['Describe los módulos, los resultados de aprendizaje, la carga horaria y los criterios de evaluación.', 'Define el perfil de egreso, la estructura modular y los requisitos de ingreso.'],
    course: ['Combina lecturas, videos, foros y actividades prácticas con tutoría.', 'Incluye una evaluación final y certificado de aprobación.'],
    video: ['Muestra procedimientos reales grabados en los talleres de la institución.', 'Cada episodio dura entre cinco y diez minutos y se acompaña de una ficha de actividades.'],
    simulator: ['Permite practicar sin riesgos ni consumo de materiales antes de pasar al taller.', 'Registra el desempeño de cada participante y genera informes para el instructor.'],
    toolkit: ['Reúne formularios, listas de verificación y ejemplos listos para adaptar.', 'Incluye una guía de uso, plantillas y casos de empresas de la región.'],
    assessment_instrument: ['Contiene listas de cotejo, rúbricas y pautas para recoger evidencias de desempeño.', 'Incluye criterios de desempeño, evidencias requeridas y una guía para el evaluador.'],
    study: ['Presenta datos de encuestas a empresas y trabajadores, con recomendaciones para la oferta formativa.', 'Analiza tendencias tecnológicas, ocupaciones emergentes y brechas de competencias.'],
    presentation: ['Fue presentada en un encuentro técnico de la red de OIT/Cinterfor.', 'Resume el enfoque, las etapas de implementación y los principales resultados.'],
    standard: ['Establece las unidades de competencia, los criterios de desempeño y las evidencias requeridas.', 'Fue validada con representantes de empleadores y trabajadores del sector.'],
    report: ['Resume indicadores de cobertura, inserción laboral y satisfacción de los participantes.', 'Presenta los resultados del período y recomendaciones para la siguiente etapa.'],
  },
  pt: {
    manual: ['Inclui fichas de trabalho, exercícios práticos e orientações de segurança.', 'Está organizado em unidades com objetivos, conteúdos, atividades e autoavaliação.'],
    guide: ['Traz orientações passo a passo e exemplos de aplicação na oficina.', 'Propõe atividades, instrumentos e critérios para o trabalho com as turmas.'],
    curriculum: ['Descreve os módulos, os resultados de aprendizagem, a carga horária e os critérios de avaliação.', 'Define o perfil de conclusão, a organização modular e os requisitos de acesso.'],
    course: ['Combina leituras, vídeos, fóruns e atividades práticas com tutoria.', 'Inclui avaliação final e certificado de conclusão.'],
    video: ['Mostra procedimentos reais gravados nas oficinas da instituição.', 'Cada episódio dura entre cinco e dez minutos e vem acompanhado de uma ficha de atividades.'],
    simulator: ['Permite praticar sem riscos nem consumo de materiais antes de ir para a oficina.', 'Registra o desempenho de cada participante e gera relatórios para o instrutor.'],
    toolkit: ['Reúne formulários, listas de verificação e exemplos prontos para adaptar.', 'Inclui um guia de uso, modelos e casos de empresas da região.'],
    assessment_instrument: ['Contém listas de verificação, rubricas e orientações para coletar evidências de desempenho.', 'Inclui critérios de desempenho, evidências exigidas e um guia para o avaliador.'],
    study: ['Apresenta dados de pesquisas com empresas e trabalhadores, com recomendações para a oferta formativa.', 'Analisa tendências tecnológicas, ocupações emergentes e lacunas de competências.'],
    presentation: ['Foi apresentada em um encontro técnico da rede da OIT/Cinterfor.', 'Resume a abordagem, as etapas de implementação e os principais resultados.'],
    standard: ['Estabelece as unidades de competência, os critérios de desempenho e as evidências exigidas.', 'Foi validada com representantes de empregadores e trabalhadores do setor.'],
    report: ['Resume indicadores de atendimento, inserção no mercado de trabalho e satisfação dos participantes.', 'Apresenta os resultados do período e recomendações para a próxima etapa.'],
  },
  en: {
    manual: ['It includes worksheets, practical exercises and safety guidance.', 'It is organised in units with objectives, content, activities and self-assessment.'],
    guide: ['It offers step-by-step guidance and examples from the workshop.', 'It suggests activities, tools and criteria for working with groups.'],
    curriculum: ['It sets out the modules, learning outcomes, hours and assessment criteria.', 'It defines the graduate profile, the modular structure and the entry requirements.'],
    course: ['It combines readings, videos, forums and practical tasks with tutor support.', 'It ends with a final assessment and a certificate of completion.'],
    video: ['It shows real procedures filmed in the institution’s workshops.', 'Each episode runs five to ten minutes and comes with an activity sheet.'],
    simulator: ['Learners practise without risk or wasted materials before moving to the workshop.', 'It records each learner’s performance and produces reports for the instructor.'],
    toolkit: ['It brings together forms, checklists and examples ready to adapt.', 'It includes a user guide, templates and cases from firms in the region.'],
    assessment_instrument: ['It contains checklists, rubrics and guidance for collecting performance evidence.', 'It includes performance criteria, required evidence and an assessor’s guide.'],
    study: ['It presents survey data from employers and workers, with recommendations for the training offer.', 'It analyses technology trends, emerging occupations and skills gaps.'],
    presentation: ['It was presented at a technical meeting of the ILO/Cinterfor network.', 'It summarises the approach, the implementation stages and the main results.'],
    standard: ['It sets out the units of competency, performance criteria and required evidence.', 'It was validated with employer and worker representatives of the sector.'],
    report: ['It summarises indicators of coverage, job placement and participant satisfaction.', 'It presents the results for the period and recommendations for the next stage.'],
  },
};

/** First sentence: who published it, when, for whom ({inst}, {year}, {audience}). */
export const PUBLISHED: Record<Lang, string[]> = {
  es: ['Publicado por {inst} en {year} para {audience}.', 'Material de {inst} ({year}) dirigido a {audience}.'],
  pt: ['Publicado em {year} ({inst}). Público: {audience}.', 'Material de {year} ({inst}) destinado a {audience}.'],
  en: ['Published by {inst} in {year} for {audience}.', 'A {year} resource from {inst} for {audience}.'],
};

/** Last sentence: the subjects ({topic}, {spec}). */
export const SUBJECTS: Record<Lang, string[]> = {
  es: ['Temas principales: {topic}, con aplicación en {spec}.', 'Aborda {topic} con ejemplos de {spec}.'],
  pt: ['Temas principais: {topic}, com aplicação em {spec}.', 'Aborda {topic} com exemplos de {spec}.'],
  en: ['Main subjects: {topic}, applied to {spec}.', 'It covers {topic}, with examples from {spec}.'],
};

export const AUDIENCE_PHRASES: Record<Lang, Record<AudienceCode, string>> = {
  es: { learners: 'aprendices', trainers: 'instructores', managers: 'directivos de centros de formación', policy_makers: 'responsables de políticas de formación' },
  pt: { learners: 'aprendizes', trainers: 'instrutores', managers: 'gestores de unidades de formação', policy_makers: 'formuladores de políticas de formação' },
  en: { learners: 'learners', trainers: 'instructors', managers: 'training centre managers', policy_makers: 'policy makers' },
};

/** Where on an institution's website each kind of resource lives. */
export const URL_SECTIONS: Record<Lang, Record<'library' | 'courses' | 'media', string>> = {
  es: { library: 'biblioteca', courses: 'cursos', media: 'recursos-didacticos' },
  pt: { library: 'biblioteca', courses: 'cursos', media: 'recursos-didaticos' },
  en: { library: 'library', courses: 'courses', media: 'learning-resources' },
};

/** Units that sign a resource instead of persons ({inst}, {subsector}). */
export const INSTITUTIONAL_AUTHORS: Record<Lang, string[]> = {
  es: ['{inst} – Dirección de Formación Profesional', '{inst} – Unidad de Diseño Curricular', '{inst} – Centro de Formación en {subsector}', '{inst} – Área de Certificación de Competencias'],
  pt: ['{inst} – Departamento de Educação Profissional', '{inst} – Núcleo de Desenvolvimento Educacional', '{inst} – Centro de Formação em {subsector}', '{inst} – Gerência de Certificação'],
  en: ['{inst} – Curriculum Development Unit', '{inst} – Standards and Certification Department', '{inst} – {subsector} Training Centre', '{inst} – Quality Assurance Division'],
};
