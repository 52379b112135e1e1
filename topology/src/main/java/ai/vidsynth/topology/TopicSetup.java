package ai.vidsynth.topology;

import ai.vidsynth.topology.config.KafkaClients;
import ai.vidsynth.topology.config.ServiceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the service's three topics when they are missing, with {@code max.message.bytes} large enough
 * for full-size frames. Existing topics are left as they are (an operator may have sized them).
 */
public final class TopicSetup {

    private TopicSetup() {}

    /** Creates the missing topics; returns the number of partitions of the input topic. */
    public static int ensureTopics(ServiceConfig c) {
        try (Admin admin = Admin.create(new KafkaClients(c).admin())) {
            Set<String> existing = admin.listTopics().names().get();
            Map<String, String> topicConfig = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(c.maxRequestBytes()));
            List<NewTopic> missing = new ArrayList<>();
            for (String name : List.of(c.inputTopic(), c.outputTopic(), c.rejectedTopic())) {
                if (!existing.contains(name)) {
                    Optional<Short> rf = c.replicationFactor() > 0 ? Optional.of(c.replicationFactor()) : Optional.empty();
                    missing.add(new NewTopic(name, Optional.of(c.topicPartitions()), rf).configs(topicConfig));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            // a topic created just now has the configured partitions (and describing it at once can fail while
            // the broker's metadata catches up); one that existed says how many it has
            return existing.contains(c.inputTopic())
                    ? admin.describeTopics(List.of(c.inputTopic())).allTopicNames().get().get(c.inputTopic()).partitions().size()
                    : c.topicPartitions();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
            }
            // created meanwhile by another instance: ask again
            return ensureTopics(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
